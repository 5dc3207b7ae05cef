import { type Static, Type } from '@sinclair/typebox';

/** A user account (never its password). */
export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String(),
});
export type UserView = Static<typeof UserView>;

/** Machine credentials (never the secret). */
export const ClientView = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export type ClientView = Static<typeof ClientView>;

/** Whether the trust server offers OpenID Connect login, and the name the portal shows for it. */
export const OidcProviderInfo = Type.Object({
  enabled: Type.Boolean(),
  providerName: Type.Union([Type.String(), Type.Null()]),
});
export type OidcProviderInfo = Static<typeof OidcProviderInfo>;
