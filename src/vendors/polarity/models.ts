import type { components } from '../../generated/polarity.js';
import type { OptionAttributes, PolarityState, StoredError, StoredIntegration } from './state.js';

type Schemas = components['schemas'];

/** The JSON:API version every document carries (seed §Get Integration Errors). */
export const JSONAPI: Schemas['JsonApiObject'] = { version: '1.0' };

// Relationship and self links are server-relative, as the seed prints them.
export const integrationPath = (id: string) => `/api/integrations/${id}`;
export const errorsPath = (id: string) => `/api/integration-errors?filter[integration.id]=${id}`;
export const optionsPath = (id: string) => `/api/integration-options?filter[integration.id]=${id}`;
export const errorPath = (integrationId: string, errorId: string) => `/api/integration/${integrationId}/errors/${errorId}`;

export function errorsOf(state: PolarityState, integrationId: string): StoredError[] {
  return state.errors.filter((e) => e.attributes['integration-id'] === integrationId);
}

export function integrationModel(state: PolarityState, integration: StoredIntegration): Schemas['Integration'] {
  const { id } = integration;
  return {
    type: 'integrations',
    id,
    attributes: structuredClone(integration.attributes),
    links: { self: integrationPath(id) },
    relationships: {
      'integration-errors': {
        data: errorsOf(state, id).map((e) => ({ type: 'integration-errors', id: e.id })),
        links: { self: errorsPath(id) },
      },
      'integration-options': {
        data: integration.options.map((o) => ({ type: 'integration-options', id: optionId(id, o) })),
        links: { self: optionsPath(id) },
      },
    },
  };
}

export function errorModel(error: StoredError): Schemas['IntegrationError'] {
  const integrationId = error.attributes['integration-id'];
  return {
    type: 'integration-errors',
    id: error.id,
    attributes: structuredClone(error.attributes),
    links: { self: errorPath(integrationId, error.id) },
    relationships: { integration: { data: { id: integrationId, type: 'integrations' } } },
  };
}

const optionId = (integrationId: string, option: OptionAttributes) => `${integrationId}-${String(option.key)}`;

export function optionModel(integrationId: string, option: OptionAttributes): Schemas['IntegrationOption'] {
  return { type: 'integration-options', id: optionId(integrationId, option), attributes: structuredClone(option) };
}
