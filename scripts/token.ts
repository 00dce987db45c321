// `npm run token -- --sub S --org O --roles a,b [--expires 8h]`: mints a development token (AUTH_DEV_SECRET mode).
import { parseArgs } from 'node:util';
import { mintDevToken } from '../src/auth/dev-token.js';
import { roleSchema } from '../src/auth/roles.js';
import { loadConfig } from '../src/config.js';

const { values } = parseArgs({
  options: { sub: { type: 'string' }, org: { type: 'string' }, roles: { type: 'string', default: '' }, expires: { type: 'string', default: '8h' } },
});
if (!values.sub || !values.org) {
  console.error('Usage: npm run token -- --sub STAFF_ID --org ORGANISATION_ID --roles role1,role2 [--expires 8h]');
  process.exit(2);
}
const roles = values.roles.split(',').filter(Boolean).map((r) => {
  const parsed = roleSchema.safeParse(r);
  if (!parsed.success) {
    console.error(`Unknown role "${r}". Roles: ${roleSchema.options.join(', ')}`);
    process.exit(2);
  }
  return parsed.data;
});
const config = loadConfig();
console.log(await mintDevToken(config.auth, { sub: values.sub, org: values.org, roles }, values.expires));
