import type { TrustConfig } from '../../config.ts';

/**
 * GET /system-config: the settings MOSIP master's portal reads at start, as MOSIP's map of strings. Values are
 * MOSIP's deployed defaults except where this server decides them: the session timers follow the token's
 * lifetime, and OIDC client management is not provided here (docs/pms-compatibility.md).
 */
export function systemConfig(config: Pick<TrustConfig, 'tokenTtlSeconds'>): Record<string, string> {
  const sessionMinutes = Math.max(1, Math.floor(config.tokenTtlSeconds / 60));
  return {
    grantTypes: 'authorization_code',
    clientAuthMethods: 'private_key_jwt',
    inActivityTimer: String(sessionMinutes),
    inActivityPromptTimer: String(Math.min(5, Math.max(1, sessionMinutes - 1))),
    axiosTimeout: '3',
    maxAllowedExpiryYear: '10',
    maxAllowedCreatedYear: '10',
    itemsPerPage: '8',
    isCaSignedPartnerCertificateAvailable: 'true',
    isOidcClientAvailable: 'false',
    isRootIntermediateCertAvailable: 'true',
    refreshNotificationsTime: '300',
  };
}
