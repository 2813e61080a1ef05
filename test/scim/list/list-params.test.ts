import { parseListParams, type PagingConfig, type QueryInput } from '../../../src/scim/list/list-params';
import { ScimError } from '../../../src/scim/scim-error';
import cases from './list-params.cases.json';

interface ListParamsCase {
  name: string;
  query: QueryInput;
  config?: PagingConfig;
  expect?: Record<string, unknown>;
  absent?: string[];
  error?: { status: number; scimType: string; detail: string };
}

const CONFIG: PagingConfig = { defaultCount: 50, maxCount: 200 };

describe('parseListParams (RFC 7644 §3.4.2)', () => {
  it.each((cases as ListParamsCase[]).map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const run = () => parseListParams(row.query, row.config ?? CONFIG);
    if (row.error) {
      expect(run).toThrow();
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ScimError);
        expect((error as ScimError).toJSON()).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(row.error.status), scimType: row.error.scimType, detail: row.error.detail });
      }
      return;
    }
    const params = run();
    expect(params).toMatchObject(row.expect ?? {});
    for (const key of row.absent ?? []) expect(params).not.toHaveProperty(key);
  });

  it.each([
    [{ defaultCount: 10, maxCount: 5 }],
    [{ defaultCount: -1, maxCount: 5 }],
    [{ defaultCount: 0, maxCount: 0 }],
    [{ defaultCount: 1.5, maxCount: 5 }],
    [{ defaultCount: 5, maxCount: 10, maxSortWindow: 9 }],
    [{ defaultCount: 5, maxCount: 10, maxSortWindow: Infinity }],
  ])('refuses the paging configuration %j', (config) => {
    expect(() => parseListParams({}, config)).toThrow(/Paging configuration/);
  });
});
