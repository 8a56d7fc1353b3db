import type { components } from '../../generated/polarity.js';
import type { HttpError } from '../../mock/errors.js';
import { describeIssue, MAX_LISTED_ISSUES, moreIssues, type ValidationIssue } from '../../spec/ajv.js';
import { JSONAPI } from './models.js';
import { STATUS_TITLES } from './status-titles.js';

type ErrorDocument = components['schemas']['ErrorDocument'];
type JsonApiError = components['schemas']['JsonApiError'];

const INVALID_PARAMETER = 'Invalid Query Parameter';

/**
 * Every failure as a JSON:API error document. A request that fails validation gets one error
 * object per problem, each naming the query parameter (`source.parameter`) or the body member
 * (`source.pointer`) it is about: the first MAX_LISTED_ISSUES, then one that counts the rest.
 */
export function errorDocument(error: HttpError): ErrorDocument {
  const status = String(error.status);
  const title = STATUS_TITLES[error.status] ?? 'Error';
  const issues = error.options.issues ?? [];
  if (issues.length > 0) {
    const errors = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => issueError(status, title, issue));
    if (issues.length > MAX_LISTED_ISSUES)
      errors.push({ status, title, detail: moreIssues(issues.length - MAX_LISTED_ISSUES) });
    return { errors, jsonapi: JSONAPI };
  }
  const { source } = error.options;
  const one: JsonApiError = { status, title: source?.parameter ? INVALID_PARAMETER : title, detail: error.message };
  if (source) one.source = { ...source };
  return { errors: [one], jsonapi: JSONAPI };
}

function issueError(status: string, title: string, issue: ValidationIssue): JsonApiError {
  if (issue.in === 'query')
    return { status, title: INVALID_PARAMETER, detail: describeIssue(issue), source: { parameter: issue.field } };
  if (issue.in === 'body') return { status, title, detail: describeIssue(issue), source: { pointer: issue.pointer } };
  return { status, title, detail: describeIssue(issue) };
}
