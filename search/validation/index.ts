// The validation toolkit every request schema uses: zod issues in the product's words, values and
// paths as messages write them, "did you mean" for misspelt keys and enum values, and the summary
// rules of a rejected request. Pure (zod only, no node:, no I/O): the API and the browser both
// validate with it. Limits are in ../limits.ts.
export { formatPath, quote, type PathSegment } from '../field-path.js';
export { andList, describeValue, nounFor, orList } from './describe.js';
export { closestMatch, editDistance, unknownKeyMessage, valueHint } from './did-you-mean.js';
export { fieldIssuesFromZod, intWithin, within, type IssueAt, type IssueWording } from './zod-issues.js';
export { knownFields, ownField, parseInto } from './sections.js';
export { capIssues, formatIssues, summarizeIssues, unreadableIssue } from './summarize.js';
