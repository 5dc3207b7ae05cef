import type { TrustModule } from '../../http/module.ts';
import { registerClientRoutes } from './routes/clients.ts';
import { registerLoginRoutes } from './routes/login.ts';
import { registerOidcRoutes } from './routes/oidc.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerUserRoutes } from './routes/users.ts';

/** Accounts: login (password, client secret, OpenID Connect), the session, users and machine clients. */
export const accountsModule: TrustModule = {
  name: 'accounts',
  register(app, deps) {
    registerLoginRoutes(app, deps);
    registerOidcRoutes(app, deps);
    registerSessionRoutes(app, deps);
    registerUserRoutes(app, deps);
    registerClientRoutes(app, deps);
  },
};
