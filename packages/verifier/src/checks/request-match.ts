/** What the data must share with the request: bioType, domainUri, env, transactionId, and no replay (IDA #12, #15-#17). */
import { type Check, fail, modality, str, where } from './support.ts';

const DEFAULT_ENVS = ['Staging', 'Developer', 'Pre-Production', 'Production'];

export const REQUEST_MATCH_CHECKS: Check[] = [
  {
    // IDA #12: bioType against the digital ID type (and the requested types).
    name: 'bioType',
    run: (s) => {
      const requested = new Set(s.request.bio.map((b) => modality(b.type)));
      for (const e of s.elements) {
        const bioType = modality(str(e.data.bioType));
        if (bioType !== modality(str(e.digitalId.type)))
          fail(
            'VER_BIO_TYPE',
            `${where(e)} bioType ${str(e.data.bioType)} but digital ID type ${str(e.digitalId.type)}`,
          );
        if (!requested.has(bioType))
          fail('VER_BIO_TYPE', `${where(e)} bioType ${str(e.data.bioType)} was not requested`);
      }
      return 'bioType matches the digital ID type';
    },
  },
  {
    // IDA #15.
    name: 'domainUri',
    run: (s) => {
      if (s.purpose !== 'Auth') return { notRun: 'Registration data carries no domainUri' };
      const requested = s.request.domainUri ?? '';
      for (const e of s.elements) {
        let value = e.data.domainUri;
        if (s.opts.nullDomainUriIsAbsent && value === 'null') value = undefined;
        if (value === undefined || value === null) continue;
        if (str(value) !== requested)
          fail('VER_DOMAIN_URI_MISMATCH', `${where(e)}.data.domainUri differs from the request domainUri`);
      }
      const allowed = s.opts.allowedDomainUris;
      if (allowed && !allowed.some((u) => u.toLowerCase() === requested.toLowerCase()))
        fail('VER_DOMAIN_URI_NOT_ALLOWED', `domainUri ${JSON.stringify(requested)} is not allowed`);
      return `domainUri ${JSON.stringify(requested)}`;
    },
  },
  {
    // IDA #16.
    name: 'env',
    run: (s) => {
      for (const e of s.elements) {
        if (str(e.data.env) !== s.request.env)
          fail(
            'VER_ENV_MISMATCH',
            `${where(e)}.data.env ${JSON.stringify(str(e.data.env))} differs from ${s.request.env}`,
          );
      }
      if (!(s.opts.allowedEnvs ?? DEFAULT_ENVS).includes(s.request.env))
        fail('VER_ENV_NOT_ALLOWED', `env ${JSON.stringify(s.request.env)} is not allowed`);
      return `env ${s.request.env}`;
    },
  },
  {
    // IDA #17: contentEquals.
    name: 'transactionId',
    run: (s) => {
      for (const e of s.elements) {
        if (str(e.data.transactionId) !== s.request.transactionId)
          fail('VER_TRANSACTION_ID', `${where(e)}.data.transactionId differs from the request transactionId`);
      }
      return 'transactionId equals the request';
    },
  },
  {
    name: 'replay',
    run: (s) => {
      if (!s.deps.replayStore) return { notRun: 'no replay store given' };
      const transactionId = s.request.transactionId;
      const verdict = (seen: boolean) => {
        if (seen) fail('VER_REPLAY', `transactionId ${transactionId} was already accepted`);
        return 'transactionId not seen before';
      };
      // A store that answers synchronously (in memory) costs no promise.
      const seen = s.deps.replayStore.seen(transactionId);
      return seen instanceof Promise ? seen.then(verdict) : verdict(seen);
    },
  },
];
