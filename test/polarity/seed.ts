// The examples of seed 003 (Polarity, "Retrieving Integration Information"), as written. The
// seed's copy lost the Python indentation; it is restored here and nothing else is changed.

export const HOST_CURL = 'https://<polarity.server.url>';
export const HOST_PYTHON = 'https://polarity.server.url';

export const CURL = {
  getIntegrations: `curl -v -X GET \\
https://<polarity.server.url>/api/integrations \\
--header 'Authorization: Bearer <AUTH_TOKEN>' \\
--header 'Content-Type: application/vnd.api+json'`,

  paging: `curl -v -X GET -G \\
'https://<polarity.server.url>/api/integrations' \\
--header 'Authorization: Bearer <AUTH_TOKEN>' \\
--header 'Content-Type: application/vnd.api+json' \\
-d page[size]=200 \\
-d page[number]=1`,

  filterStatus: `curl -v -X GET -G \\
'https://<polarity.server.url>/api/integrations' \\
--header 'Authorization: Bearer <AUTH_TOKEN>' \\
--header 'Content-Type: application/vnd.api+json' \\
-d filter[integration.status]=running`,

  filterErrors: `curl -v -X GET -G \\
'https://<polarity.server.url>/api/integrations' \\
--header 'Authorization: Bearer <AUTH_TOKEN>' \\
--header 'Content-Type: application/vnd.api+json' \\
-d filter[integration.integration-errors]=true`,

  getErrors: `curl -v -X GET \\
https://<polarity.server.url>/api/integrations/errors \\
--header 'Authorization: Bearer <AUTH_TOKEN>' \\
--header 'Content-Type: application/vnd.api+json'`,
};

export const PYTHON = {
  getIntegrations: `import requests
import json
def get_integrations(token, host):
    url = f'{host}/api/integrations'
    headers = {
        'Content-Type': 'application/vnd.api+json',
        'Authorization': f'Bearer {token}'
    }
    response = requests.request('GET', url, headers=headers)
    response.raise_for_status()
    return response.json()
integrations = get_integrations('my-auth-token', 'https://polarity.server.url')`,

  paging: `import requests
import json
def get_integrations(token, host):
    url = f'{host}/api/integrations'
    params = {
        'page[size]': 200,
        'page[number]': 1
    }
    headers = {
        'Content-Type': 'application/vnd.api+json',
        'Authorization': f'Bearer {token}'
    }
    response = requests.request('GET', url, headers=headers, params=params)
    response.raise_for_status()
    return response.json()
integrations = get_integrations('my-auth-token', 'https://polarity.server.url')`,

  filterStatus: `import requests
import json
def get_integrations(token, host):
    url = f'{host}/api/integrations'
    params = {
        'filter[integration.status]': 'running'
    }
    headers = {
        'Content-Type': 'application/vnd.api+json',
        'Authorization': f'Bearer {token}'
    }
    response = requests.request('GET', url, headers=headers, params=params)
    response.raise_for_status()
    return response.json()
integrations = get_integrations('my-auth-token', 'https://polarity.server.url')`,

  /** Seed defect: `true` is JavaScript; in Python it is a NameError. */
  filterErrors: `import requests
import json
def get_integrations_with_errors(token, host):
    url = f'{host}/api/integrations'
    params = {
        'filter[integration.integration-errors]': true
    }
    headers = {
        'Content-Type': 'application/vnd.api+json',
        'Authorization': f'Bearer {token}'
    }
    response = requests.request('GET', url, headers=headers, params=params)
    response.raise_for_status()
    return response.json()
integrations = get_integrations_with_errors('my-auth-token', 'https://polarity.server.url')`,

  getErrors: `import requests
import json
def get_integration_errors(token, host):
    url = f'{host}/api/integrations/errors'
    headers = {
        'Content-Type': 'application/vnd.api+json',
        'Authorization': f'Bearer {token}'
    }
    response = requests.request('GET', url, headers=headers)
    response.raise_for_status()
    return response.json()
integration_errors = get_integration_errors('my-auth-token', 'https://polarity.server.url')`,
};
