/**
 * CloudFormation templates checked without AWS: the short-tag-aware parser, template and params loading, the
 * reserved-concurrency calculation and the rules behind `vectora infra check`. The stack deploy tool imports from
 * here.
 */
export { parseCfnYaml, TemplateError } from "./cfn-yaml.js";
export { checkInfraDir, checkTemplates, type InfraReport, type ReservationSummary } from "./check.js";
export { reservedConcurrencyByFunction, reservedConcurrencyOf } from "./concurrency.js";
export {
  evaluateCondition,
  evaluateValue,
  evaluationScope,
  NO_VALUE,
  renderString,
  UnresolvedValueError,
} from "./intrinsics.js";
export { ALL_RULES, type CheckContext, type Finding, type Rule } from "./rules/index.js";
export { runtimeProblem } from "./rules/lambda.js";
export {
  type DeclaredAccount,
  inStackOrder,
  listInfraFiles,
  loadParamsFile,
  loadTemplate,
  type ParameterInfo,
  type ParamsFile,
  parameterValueProblem,
  parseParamsFile,
  parseTemplate,
  stackParameters,
  type Template,
  templateParameters,
  upstreamOutputs,
} from "./template.js";
