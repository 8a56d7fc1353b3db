/**
 * The integrations the fixtures install. Each entry is installed up to three times (the plain
 * integration, then a "Secondary" and a "Test" copy), as Polarity servers often run copies of one
 * integration against different accounts: 45 entries × 3 = the 135 of the vendor document's example.
 */
export type OptionSet = 'apiKey' | 'urlKey' | 'userPass';

export interface CatalogueEntry {
  slug: string;
  name: string;
  acronym: string;
  entityTypes: string[];
  options: OptionSet;
  /** Only where the spec's examples fix the text; others get a generated one. */
  description?: string;
  version?: string;
}

const HASHES = ['MD5', 'SHA1', 'SHA256'];
const NET = ['IPv4', 'domain', 'url'];

export const CATALOGUE: CatalogueEntry[] = [
  {
    slug: 'virustotal',
    name: 'VirusTotal',
    acronym: 'VT',
    entityTypes: [...NET, ...HASHES],
    options: 'apiKey',
    // The spec's §Integration Model example, word for word.
    description:
      'VirusTotal is a free service that analyzes suspicious files and URLs and facilitates the quick detection of viruses, worms, trojans, and all kinds of malware.',
    version: '3.7.4',
  },
  { slug: 'shodan', name: 'Shodan', acronym: 'SHO', entityTypes: ['IPv4'], options: 'apiKey' },
  { slug: 'greynoise', name: 'GreyNoise', acronym: 'GN', entityTypes: ['IPv4'], options: 'apiKey' },
  { slug: 'abuseipdb', name: 'AbuseIPDB', acronym: 'ABUSE', entityTypes: ['IPv4', 'IPv6'], options: 'apiKey' },
  { slug: 'urlscan', name: 'urlscan.io', acronym: 'URL', entityTypes: ['domain', 'url'], options: 'apiKey' },
  {
    slug: 'alienvault_otx',
    name: 'AlienVault OTX',
    acronym: 'OTX',
    entityTypes: [...NET, ...HASHES],
    options: 'apiKey',
  },
  {
    slug: 'threatconnect',
    name: 'ThreatConnect',
    acronym: 'TC',
    entityTypes: [...NET, ...HASHES, 'email'],
    options: 'urlKey',
  },
  {
    slug: 'recorded_future',
    name: 'Recorded Future',
    acronym: 'RF',
    entityTypes: [...NET, ...HASHES, 'cve'],
    options: 'apiKey',
  },
  {
    slug: 'crowdstrike',
    name: 'CrowdStrike Falcon',
    acronym: 'CS',
    entityTypes: [...HASHES, 'domain'],
    options: 'urlKey',
  },
  { slug: 'splunk', name: 'Splunk', acronym: 'SPL', entityTypes: [...NET, 'email'], options: 'userPass' },
  { slug: 'elasticsearch', name: 'Elasticsearch', acronym: 'ES', entityTypes: [...NET, 'email'], options: 'userPass' },
  { slug: 'qradar', name: 'IBM QRadar', acronym: 'QR', entityTypes: ['IPv4', 'domain'], options: 'urlKey' },
  { slug: 'servicenow', name: 'ServiceNow', acronym: 'SN', entityTypes: ['email', 'IPv4'], options: 'userPass' },
  { slug: 'jira', name: 'Jira', acronym: 'JIRA', entityTypes: ['email', 'domain'], options: 'userPass' },
  { slug: 'active_directory', name: 'Active Directory', acronym: 'AD', entityTypes: ['email'], options: 'userPass' },
  { slug: 'okta', name: 'Okta', acronym: 'OKTA', entityTypes: ['email'], options: 'urlKey' },
  { slug: 'whois', name: 'Whois', acronym: 'WHOIS', entityTypes: ['domain'], options: 'apiKey' },
  {
    slug: 'passivetotal',
    name: 'RiskIQ PassiveTotal',
    acronym: 'PT',
    entityTypes: ['IPv4', 'domain'],
    options: 'userPass',
  },
  { slug: 'domaintools', name: 'DomainTools Iris', acronym: 'DTI', entityTypes: ['domain'], options: 'userPass' },
  { slug: 'censys', name: 'Censys', acronym: 'CEN', entityTypes: ['IPv4', 'domain'], options: 'userPass' },
  { slug: 'hybrid_analysis', name: 'Hybrid Analysis', acronym: 'HA', entityTypes: HASHES, options: 'apiKey' },
  { slug: 'malwarebazaar', name: 'MalwareBazaar', acronym: 'MB', entityTypes: HASHES, options: 'apiKey' },
  { slug: 'misp', name: 'MISP', acronym: 'MISP', entityTypes: [...NET, ...HASHES], options: 'urlKey' },
  {
    slug: 'anomali',
    name: 'Anomali ThreatStream',
    acronym: 'ATS',
    entityTypes: [...NET, ...HASHES],
    options: 'userPass',
  },
  {
    slug: 'mandiant',
    name: 'Mandiant Threat Intelligence',
    acronym: 'MTI',
    entityTypes: [...NET, ...HASHES, 'cve'],
    options: 'userPass',
  },
  { slug: 'ipinfo', name: 'IPinfo', acronym: 'IPI', entityTypes: ['IPv4', 'IPv6'], options: 'apiKey' },
  { slug: 'maxmind', name: 'MaxMind GeoIP', acronym: 'MM', entityTypes: ['IPv4', 'IPv6'], options: 'userPass' },
  { slug: 'spur', name: 'Spur', acronym: 'SPUR', entityTypes: ['IPv4'], options: 'apiKey' },
  { slug: 'pulsedive', name: 'Pulsedive', acronym: 'PD', entityTypes: NET, options: 'apiKey' },
  { slug: 'threatfox', name: 'ThreatFox', acronym: 'TF', entityTypes: [...NET, ...HASHES], options: 'apiKey' },
  { slug: 'nvd', name: 'National Vulnerability Database', acronym: 'NVD', entityTypes: ['cve'], options: 'apiKey' },
  { slug: 'tenable', name: 'Tenable.io', acronym: 'TEN', entityTypes: ['IPv4', 'domain', 'cve'], options: 'urlKey' },
  { slug: 'rapid7', name: 'Rapid7 InsightVM', acronym: 'R7', entityTypes: ['IPv4', 'cve'], options: 'urlKey' },
  { slug: 'sentinelone', name: 'SentinelOne', acronym: 'S1', entityTypes: [...HASHES, 'IPv4'], options: 'urlKey' },
  {
    slug: 'defender',
    name: 'Microsoft Defender for Endpoint',
    acronym: 'MDE',
    entityTypes: [...HASHES, 'IPv4', 'domain'],
    options: 'urlKey',
  },
  { slug: 'sentinel', name: 'Microsoft Sentinel', acronym: 'MSS', entityTypes: [...NET, 'email'], options: 'urlKey' },
  { slug: 'proofpoint', name: 'Proofpoint TAP', acronym: 'PP', entityTypes: ['email', 'url'], options: 'userPass' },
  { slug: 'mimecast', name: 'Mimecast', acronym: 'MC', entityTypes: ['email', 'domain'], options: 'urlKey' },
  { slug: 'haveibeenpwned', name: 'Have I Been Pwned', acronym: 'HIBP', entityTypes: ['email'], options: 'apiKey' },
  { slug: 'emailrep', name: 'EmailRep', acronym: 'ER', entityTypes: ['email'], options: 'apiKey' },
  { slug: 'slack', name: 'Slack', acronym: 'SLK', entityTypes: ['email'], options: 'apiKey' },
  { slug: 'confluence', name: 'Confluence', acronym: 'CONF', entityTypes: ['email', 'domain'], options: 'userPass' },
  {
    slug: 'google_safe_browsing',
    name: 'Google Safe Browsing',
    acronym: 'GSB',
    entityTypes: ['url', 'domain'],
    options: 'apiKey',
  },
  {
    slug: 'cisco_umbrella',
    name: 'Cisco Umbrella Investigate',
    acronym: 'CUI',
    entityTypes: ['domain', 'IPv4'],
    options: 'apiKey',
  },
  { slug: 'zscaler', name: 'Zscaler', acronym: 'ZS', entityTypes: ['domain', 'url'], options: 'userPass' },
];

/** The three installs of each entry: the plain one, then two copies (suffix for the name). */
export const COPIES = ['', ' (Secondary)', ' (Test)'] as const;
