/**
 * Which web origins may call the device service from a browser (CORS). Without a list every origin
 * may (MOSIP's clients expect it, and it is what MockMDS does): any page the user opens can then make
 * the devices capture and sign, so a deployment names its relying parties' origins instead
 * (docs/device-service.md, "Allowed origins").
 */
import { DeviceServiceError } from '../errors.ts';

export const ALLOWED_ORIGINS_ENV = 'MOSIP_MDS_ALLOWED_ORIGINS';

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`. */
function parseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeviceServiceError('ERR_CONFIG', `allowed origin "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DeviceServiceError('ERR_CONFIG', `allowed origin "${text}" must be http or https`);
  if (url.origin !== text.replace(/\/$/, ''))
    throw new DeviceServiceError(
      'ERR_CONFIG',
      `allowed origin "${text}" must be scheme://host[:port] (no path, query or user), e.g. ${url.origin}`,
    );
  return url.origin;
}

/** A comma-separated list of origins; an empty list is refused (it would lock every caller out). */
export function parseAllowedOrigins(list: string): string[] {
  const origins = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(parseOrigin);
  if (origins.length === 0) throw new DeviceServiceError('ERR_CONFIG', 'the allowed-origins list is empty');
  return [...new Set(origins)];
}

/** The option when given, else the environment variable, else every origin ('*'). */
export function allowedOriginsFrom(
  option: string[] | '*' | undefined,
  env: NodeJS.ProcessEnv,
): string[] | '*' {
  if (option === '*') return '*';
  if (option !== undefined) return parseAllowedOrigins(option.join(','));
  const fromEnv = env[ALLOWED_ORIGINS_ENV];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? parseAllowedOrigins(fromEnv) : '*';
}
