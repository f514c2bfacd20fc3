/**
 * Step 8 — response check (docs/architecture.md, "Allowlists"). Rule: the producer's body must satisfy the endpoint's
 * response schema (its OpenAPI), else 502 `provider.invalid_response` and nothing of it is
 * passed on. The producer's full body is checked (the schema describes what the producer owes;
 * the minimised copy may legitimately lack its required members); minimisation already ran on it,
 * so no unchecked value can reach the consumer either way.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ProblemError, toProblemItems } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import { stripIds } from '../support/parameter-validator.js';

const ajv = new Ajv2020({ allErrors: false, strict: false });
addFormats.default(ajv);
const compiled = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    const text = JSON.stringify(schema);
    v = byText.get(text);
    if (!v) {
      v = ajv.compile(stripIds(schema));
      if (byText.size > 5000) byText.clear();
      byText.set(text, v);
    }
    compiled.set(schema, v);
  }
  return v;
}

export function checkResponse(ctx: ExchangeContext, _rt: ExchangeRuntime): void {
  const schema = ctx.target!.endpoint.responseSchema;
  if (!schema) return;
  const validate = validatorOf(schema);
  if (!validate(ctx.upstream!.body)) {
    ctx.data = undefined;
    throw new ProblemError('provider.invalid_response', {
      detail: 'La réponse du producteur ne respecte pas son schéma.',
      cause: toProblemItems(validate.errors),
    });
  }
}
