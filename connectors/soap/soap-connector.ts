import { resolve } from 'node:path';
import soap from 'soap';
import { ProblemError, parsePointer, readAt } from '../../schemas/index.js';
import type { SoapConfig } from '../config/types.js';
import { remainingMs, withDeadline } from '../deadline.js';
import { mapDocument } from '../mapping/apply.js';
import type { Connector, ConnectorHealth, ConnectorResponse } from '../port.js';
import { renderTemplates } from '../template.js';
import { problemForSoapError } from './faults.js';

export interface SoapConnectorOptions {
  /** Folder that a relative WSDL path is resolved against. */
  baseDir?: string;
}

type AsyncMethod = (
  args: unknown,
  options?: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
) => Promise<[unknown, ...unknown[]]>;

/**
 * SOAP connector: builds a client from the WSDL (the `soap` package; created on first use and
 * kept), calls the operation's method with templated arguments, forwards `X-Correlation-ID`
 * and the recipient as HTTP headers, and maps the result. Faults become provider codes.
 */
export function createSoapConnector(config: SoapConfig, opts: SoapConnectorOptions = {}): Connector {
  const wsdl = /^https?:\/\//.test(config.wsdl) ? config.wsdl : resolve(opts.baseDir ?? process.cwd(), config.wsdl);
  let client: Promise<soap.Client> | null = null;

  function getClient(): Promise<soap.Client> {
    client ??= soap.createClientAsync(wsdl, config.endpoint ? { endpoint: config.endpoint } : {}).catch((err: unknown) => {
      client = null; // try again on the next call
      throw err;
    });
    return client;
  }

  return {
    kind: 'soap',
    async fetch(request, context): Promise<ConnectorResponse> {
      const op = config.operations[request.endpoint.operationId];
      if (!op)
        throw new ProblemError('gateway.misconfigured', { cause: new Error(`no SOAP operation for ${request.endpoint.operationId}`) });
      let result: unknown;
      try {
        result = await withDeadline(context.deadline, async () => {
          const c = await getClient();
          const method = (c as unknown as Record<string, AsyncMethod | undefined>)[`${op.method}Async`];
          if (typeof method !== 'function')
            throw new ProblemError('gateway.misconfigured', { cause: new Error(`WSDL has no ${op.method}`) });
          const [res] = await method.call(
            c,
            renderTemplates(op.args, request.params),
            { timeout: remainingMs(context.deadline) },
            { 'X-Correlation-ID': context.correlationId, 'X-Recipient': context.recipient },
          );
          return res;
        });
      } catch (err) {
        throw problemForSoapError(err, config.faults);
      }
      const doc = op.result ? readAt(result, parsePointer(op.result)) : result;
      if (doc === null || typeof doc !== 'object')
        throw new ProblemError('provider.invalid_response', { cause: new Error('SOAP result without the expected element') });
      return { status: 200, body: op.mapping ? mapDocument(config.mappings![op.mapping]!, doc) : doc };
    },
    async health(): Promise<ConnectorHealth> {
      const started = Date.now();
      try {
        await withDeadline(started + 2000, () => getClient());
        return { status: 'up', checkedAt: new Date(), latencyMs: Date.now() - started };
      } catch (err) {
        return {
          status: 'down',
          checkedAt: new Date(),
          latencyMs: Date.now() - started,
          code: problemForSoapError(err, config.faults).code,
        };
      }
    },
    async close() {
      client = null;
    },
  };
}
