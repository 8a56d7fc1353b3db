import type { QueryHost } from '../../../src/vendors/groundwork/query/index.js';

const NAGIOS = {
  id: 100,
  name: 'NAGIOS',
  description: 'System monitored by Nagios',
  stateTransitionCriteria: 'Device;Host',
};

/**
 * localhost and malbec are the two hosts of the vendor's example result
 * (§2.1.6); the rest exist so every example query has hosts on both sides of
 * each condition. Property values are mostly strings, as GroundWork stores
 * them, with a few real numbers mixed in.
 */
export const HOSTS: QueryHost[] = [
  {
    id: 1,
    hostName: 'localhost',
    description: 'localhost',
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    applicationType: NAGIOS,
    deviceIdentification: '127.0.0.1',
    deviceDisplayName: 'localhost',
    agentId: 'agent-7',
    lastCheckTime: '2013-05-22T09:44:56-07:00',
    hostGroups: ['Linux Servers'],
    stateType: 'HARD',
    checkType: 'ACTIVE',
    properties: { MaxAttempts: '10', ExecutionTime: '6' },
  },
  {
    id: 19,
    hostName: 'malbec',
    description: 'malbec',
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    applicationType: NAGIOS,
    deviceIdentification: '172.28.113.169',
    lastCheckTime: '2013-05-22T09:45:06-07:00',
    hostGroups: ['Linux Servers', 'Wine Cellar'],
    stateType: 'SOFT',
    checkType: 'PASSIVE',
    properties: {},
  },
  {
    id: 20,
    hostName: 'syrah',
    description: 'Syrah cellar sensor',
    monitorStatus: 'UP',
    // No appType shortcut: the query must fall back to applicationType.name.
    applicationType: {
      id: 101,
      name: 'VEMA',
      description: 'Virtual Environment Monitor Agent',
      stateTransitionCriteria: 'Device;Host;ServiceDescription',
    },
    deviceIdentification: '172.28.113.170',
    // 14:50 UTC: the earliest instant of the 22nd May hosts, though its
    // text sorts after theirs.
    lastCheckTime: '2013-05-22T09:50:00-05:00',
    hostGroups: ['Wine Cellar'],
    properties: { ExecutionTime: '2', LastPluginOutput: 'WARNING - disk 81% full' },
  },
  {
    id: 21,
    hostName: 'cabernet',
    monitorStatus: 'UNREACHABLE',
    appType: 'NAGIOS',
    lastCheckTime: '2013-05-22T09:40:00-07:00',
    hostGroups: ['Wine Cellar'],
    properties: { ExecutionTime: '25', LastPluginOutput: 'OK' },
  },
  {
    id: 22,
    hostName: 'merlot',
    monitorStatus: 'DOWN',
    appType: 'NAGIOS',
    lastCheckTime: '2013-05-23T09:50:00-07:00',
    hostGroups: [],
    properties: { ExecutionTime: 400, LastPluginOutput: 'CRITICAL - Host Unreachable' },
  },
  {
    id: 23,
    hostName: 'pinot',
    monitorStatus: 'DOWN',
    appType: 'NAGIOS',
    lastCheckTime: '2013-06-22T09:55:00-07:00',
    hostGroups: ['Wine Cellar'],
    properties: { ExecutionTime: '3001', Latency: '850' },
  },
  {
    id: 24,
    hostName: 'riesling',
    monitorStatus: 'DOWN',
    appType: 'NAGIOS',
    hostGroups: [],
    properties: { ExecutionTime: '4000' },
  },
  {
    id: 25,
    hostName: 'zinfandel',
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    hostGroups: ['Linux Servers'],
    properties: { ExecutionTime: '100', LastPluginOutput: 'OK - load average: 0.12' },
  },
  {
    id: 26,
    hostName: 'grenache',
    monitorStatus: 'DOWN',
    appType: 'NAGIOS',
    // Still the 22nd on its own clock, though already the 23rd in UTC.
    lastCheckTime: '2013-05-22T23:50:00-07:00',
    hostGroups: ['Wine Cellar'],
    properties: { ExecutionTime: '5', Latency: '812.5', LastPluginOutput: 'ok - lower case' },
  },
  {
    id: 27,
    hostName: 'shiraz',
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    hostGroups: ['Wine Cellar'],
    properties: { ExecutionTime: 7, Latency: 899, isAcknowledged: true },
  },
  {
    id: 28,
    hostName: 'barbera',
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    hostGroups: ['Wine Cellar'],
    properties: { ExecutionTime: '6', Latency: '950', isAcknowledged: 'false' },
  },
];
