import { cnaf } from './cnaf/producer.js';
import { dgfip } from './dgfip/producer.js';
import { cnous } from './cnous/producer.js';
import { franceTravail } from './france-travail/producer.js';
import { insee } from './insee/producer.js';
import { dinum } from './dinum/producer.js';
import type { DemoProducer, DemoProducerModule } from './types.js';

/** The one list of demo producers: adding one is a folder plus one line here (docs/architecture.md, "Demo producers"). */
export const DEMO_PRODUCERS: readonly DemoProducerModule[] = [cnaf, dgfip, cnous, franceTravail, insee, dinum];

/** The demo producers as the catalogue seeds them. */
export function listDemoProducers(): DemoProducer[] {
  return DEMO_PRODUCERS.map(({ key, apiSlug, producerSiret, openapiFile, catalog, connector }) => ({
    key,
    apiSlug,
    producerSiret,
    openapiFile,
    catalog: structuredClone(catalog),
    connector: structuredClone(connector),
  }));
}
