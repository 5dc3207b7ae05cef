import type { Me, Role } from '../api/types.ts';

export interface NavItem {
  to: string;
  label: string;
  roles: Role[] | 'any';
}

/** Every page and who sees it; the server enforces the same roles on the API routes. */
export const NAV: NavItem[] = [
  { to: '/', label: 'Home', roles: 'any' },
  { to: '/admin/queue', label: 'Awaiting decision', roles: ['PARTNER_ADMIN'] },
  { to: '/admin/partners', label: 'Partners', roles: ['PARTNER_ADMIN'] },
  { to: '/admin/trust', label: 'Trust domains', roles: ['PARTNER_ADMIN'] },
  { to: '/admin/audit', label: 'Audit log', roles: ['PARTNER_ADMIN'] },
  { to: '/admin/dashboard', label: 'Dashboard', roles: ['PARTNER_ADMIN'] },
  { to: '/policies', label: 'Policies', roles: ['POLICYMANAGER', 'PARTNER_ADMIN'] },
  { to: '/chips', label: 'Chip models', roles: ['FTM_PROVIDER'] },
  { to: '/devices', label: 'Device models', roles: ['DEVICE_PROVIDER'] },
  { to: '/sbi', label: 'SBI versions', roles: ['DEVICE_PROVIDER'] },
  { to: '/registered-devices', label: 'Registered devices', roles: ['DEVICE_PROVIDER', 'PARTNER_ADMIN'] },
  {
    to: '/certificates',
    label: 'Certificates',
    roles: ['AUTH_PARTNER', 'CREDENTIAL_PARTNER', 'DEVICE_PROVIDER', 'FTM_PROVIDER', 'MISP_PARTNER'],
  },
  { to: '/api-keys', label: 'API keys', roles: ['AUTH_PARTNER', 'CREDENTIAL_PARTNER'] },
  { to: '/auth-transactions', label: 'Transactions', roles: ['AUTH_PARTNER'] },
  { to: '/licences', label: 'Licence keys', roles: ['MISP_PARTNER', 'PARTNER_ADMIN'] },
  { to: '/transactions', label: 'Transaction log', roles: ['MISP_PARTNER', 'PARTNER_ADMIN'] },
  { to: '/password', label: 'Password', roles: 'any' },
];

export function navFor(me: Me): NavItem[] {
  return NAV.filter((item) => item.roles === 'any' || item.roles.some((role) => me.roles.includes(role)));
}
