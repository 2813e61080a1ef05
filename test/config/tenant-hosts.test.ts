import { loadConfig } from '../../src/config/load-config';
import { problemsOf } from '../support/config-problems';

describe('TENANTS_FILE and TENANT_HOSTS in the global configuration', () => {
  it('leaves tenants unset without TENANTS_FILE (one organisation, as before)', () => {
    expect(loadConfig({}).tenants).toBeUndefined();
  });

  it('carries the tenants file and no hosts when TENANT_HOSTS is unset', () => {
    expect(loadConfig({ TENANTS_FILE: '/etc/bridge/tenants.yaml' }).tenants).toEqual({ file: '/etc/bridge/tenants.yaml', hosts: {} });
  });

  it('maps hosts (lower case, with a port, or an IPv6 address) to tenant ids', () => {
    const config = loadConfig({ TENANTS_FILE: 'tenants.json', TENANT_HOSTS: 'SCIM.Acme.Example=acme, scim.globex.example:8443=globex,[::1]:8080=local-1' });
    expect(config.tenants?.hosts).toEqual({ 'scim.acme.example': 'acme', 'scim.globex.example:8443': 'globex', '[::1]:8080': 'local-1' });
  });

  it.each([
    ['an entry without =', 'scim.acme.example', 'TENANT_HOSTS: "scim.acme.example" must be host=tenant, e.g. scim.acme.example=acme'],
    ['a host with a path', 'scim.acme.example/x=acme', 'TENANT_HOSTS: "scim.acme.example/x=acme" must be host=tenant, e.g. scim.acme.example=acme'],
    ['a tenant id in upper case', 'scim.acme.example=Acme', 'TENANT_HOSTS: the tenant of host "scim.acme.example" must be a tenant id (1-63 lower-case letters, digits or -, starting with a letter or digit); got "Acme"'],
    ['a host listed twice', 'scim.acme.example=acme,SCIM.ACME.EXAMPLE=beta', 'TENANT_HOSTS: host "scim.acme.example" is listed twice'],
    ['a host named like an object property', 'constructor=acme,constructor=beta', 'TENANT_HOSTS: host "constructor" is listed twice'],
  ])('refuses %s', (_name, hosts, problem) => {
    expect(problemsOf({ TENANTS_FILE: 'tenants.json', TENANT_HOSTS: hosts })).toEqual([problem]);
  });

  it('refuses TENANT_HOSTS without TENANTS_FILE', () => {
    expect(problemsOf({ TENANT_HOSTS: 'scim.acme.example=acme' })).toEqual([
      'TENANT_HOSTS: only used with TENANTS_FILE (it maps hosts to the tenants of that file); set that too, or remove TENANT_HOSTS',
    ]);
  });
});
