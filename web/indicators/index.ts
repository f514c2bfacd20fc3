export { renderIndicatorsPage } from './indicators-page.js';
export type { IndicatorsPageModel } from './indicators-page.js';
export { renderProducerReportPage } from './producer-report-page.js';
export type { ProducerReportPageModel } from './producer-report-page.js';
export { barChart } from './chart.js';
export type { BarChart } from './chart.js';
