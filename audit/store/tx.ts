export { withTransaction } from '../../schemas/index.js';
