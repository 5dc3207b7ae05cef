import type { TrustModule } from '../../http/module.ts';
import { routes } from '../../http/route.ts';
import { registerClientRoutes } from './routes/clients.ts';
import { registerLoginRoutes } from './routes/login.ts';
import { TAGS } from './routes/login-answer.ts';
import { registerOidcRoutes } from './routes/oidc.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerUserRoutes } from './routes/users.ts';

/** Accounts: login (password, client secret, OpenID Connect), the session, users and machine clients. */
export const accountsModule: TrustModule = {
  name: 'accounts',
  register(app, deps) {
    const r = routes(app, deps, TAGS);
    registerLoginRoutes(r, deps);
    registerOidcRoutes(r, deps);
    registerSessionRoutes(r, deps);
    registerUserRoutes(r, deps);
    registerClientRoutes(r, deps);
  },
};
