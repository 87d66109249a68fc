import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Checks a request against GitHub's REST description (@octokit/openapi):
 * the method + path template must exist, every query parameter must be
 * declared (required ones present) and the JSON body must match the schema.
 */
interface Operation {
  parameters?: { $ref?: string; name?: string; in?: string; required?: boolean }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string; in: string; required?: boolean }> } & Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const spec = require('@octokit/openapi/generated/api.github.com.json') as Spec;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'gh', components: spec.components });

const routes = Object.entries(spec.paths).map(([template, ops]) => ({
  template,
  ops,
  re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));
const validators = new Map<string, ValidateFunction>();

function parameters(op: Operation) {
  return (op.parameters ?? []).map((p) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!]! : (p as { name: string; in: string; required?: boolean })));
}

/** Problems with the request; empty when GitHub's description allows it. */
export function checkAgainstOpenApi(method: string, url: URL, body: unknown): string[] {
  const candidates = routes.filter((r) => r.re.test(url.pathname));
  // Prefer literal segments over parameters when two templates match (`/pulls/comments/{id}` vs `/pulls/{n}/…`).
  candidates.sort((a, b) => (b.template.match(/\/[^{/][^/]*/g)?.length ?? 0) - (a.template.match(/\/[^{/][^/]*/g)?.length ?? 0));
  const route = candidates.find((r) => r.ops[method.toLowerCase()]);
  if (!route) return [`${method} ${url.pathname}: no such operation in GitHub's REST description`];
  const op = route.ops[method.toLowerCase()]!;
  const problems: string[] = [];
  const params = parameters(op).filter((p) => p.in === 'query');
  for (const name of url.searchParams.keys()) {
    if (!params.some((p) => p.name === name)) problems.push(`${method} ${route.template}: undeclared query parameter ${name}`);
  }
  for (const p of params) if (p.required && !url.searchParams.has(p.name)) problems.push(`${method} ${route.template}: missing query parameter ${p.name}`);
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (schema) {
    const key = `${method} ${route.template}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"gh#/components/')));
      validators.set(key, validate);
    }
    if (body === undefined && op.requestBody?.required) problems.push(`${key}: body required`);
    if (body !== undefined && !validate(body)) problems.push(`${key}: ${ajv.errorsText(validate.errors)}`);
  } else if (body !== undefined) {
    problems.push(`${method} ${route.template}: takes no body`);
  }
  return problems;
}
