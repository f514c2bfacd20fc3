import { readFileSync } from 'node:fs';
import { loadSchema } from '../../schemas/index.js';

const readme = readFileSync('README.md', 'utf8');

describe('the README documents what a new user needs', () => {
  test('the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  test('every configuration variable is in the configuration table', () => {
    const table = readme.split('<!-- config-table:start -->')[1]!.split('<!-- config-table:end -->')[0]!;
    const missing = Object.keys(loadSchema('config.json').properties as object).filter((v) => !table.includes(`\`${v}\``));
    expect(missing).toEqual([]);
  });
});
