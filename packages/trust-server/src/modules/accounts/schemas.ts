import { ClientView, UserView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';

export { ClientView, UserView };

import { ALL_ROLES } from '../../auth/roles.ts';

export const RoleName = Type.Union(ALL_ROLES.map((r) => Type.Literal(r)));

export const LoginResponse = Type.Object({
  status: Type.String(),
  message: Type.String(),
  token: Type.String(),
  expiresAt: Type.String(),
  mustChangePassword: Type.Optional(Type.Boolean()),
});

const Password = Type.String({ minLength: 1, maxLength: 256 });

export const UserPasswordLogin = Type.Object({
  userName: Type.String({ minLength: 1, maxLength: 64 }),
  password: Password,
  appId: Type.Optional(Type.String({ maxLength: 64 })),
});

export const ClientSecretLogin = Type.Object({
  clientId: Type.String({ minLength: 1, maxLength: 128 }),
  secretKey: Type.String({ minLength: 1, maxLength: 256 }),
  appId: Type.Optional(Type.String({ maxLength: 64 })),
});

export const SignupRequest = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 64 }),
  password: Password,
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
});

/** Sign-up's answer: the same for a free and a taken name (docs/trust-server.md, "Sign-up"). */
export const SignupAnswer = Type.Object({ username: Type.String(), message: Type.String() });

export const PasswordChange = Type.Object({ currentPassword: Password, newPassword: Password });

export const CreateUserRequest = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 64 }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  roles: Type.Array(RoleName, { maxItems: 7 }),
  partnerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const PartnerUserRequest = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 64 }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
});

export const CreatedUser = Type.Object({ user: UserView, oneTimePassword: Type.Optional(Type.String()) });

export const UserStatusRequest = Type.Object({
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('DISABLED')]),
});

export const CreateClientRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  roles: Type.Optional(Type.Array(RoleName, { maxItems: 7 })),
  partnerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const CreatedClient = Type.Object({ client: ClientView, secretKey: Type.String() });

export const Me = Type.Object({
  kind: Type.String(),
  id: Type.String(),
  name: Type.String(),
  partnerId: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
});

export const UserIdParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) });
export const ClientIdParams = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 128 }) });
export const PartnerIdParams = Type.Object({ partnerId: Type.String({ minLength: 1, maxLength: 64 }) });

export const OidcCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 1024 })),
  session_state: Type.Optional(Type.String({ maxLength: 1024 })),
  iss: Type.Optional(Type.String({ maxLength: 1024 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 1024 })),
});
