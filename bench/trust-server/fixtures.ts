/**
 * What the trust-server benchmarks set up before they measure (not measured): a published Auth policy in
 * a policy group, users without a partner (each logged in, each to register one partner), and an AUTH CA
 * chain in the trust store with one leaf certificate per partner.
 */
import { randomUUID } from 'node:crypto';
import { type CertifiedKey, createRootCa, issueCertificate } from '@mosip-trust/crypto';
import { hashPassword, issueToken, ROLES } from '@mosip-trust/trust-server';
import type { BenchServer } from './server.ts';

export const PM = '/v1/partnermanager';
export const POL = '/v1/policymanager';

export interface BenchUser {
  id: string;
  token: string;
  /** The partner this user registers. */
  partnerId: string;
}

export async function expectOk(
  t: BenchServer,
  method: string,
  path: string,
  o: Parameters<BenchServer['call']>[2],
) {
  const res = await t.call(method, path, o);
  if (res.status !== 200)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body.errors)}`);
  return res;
}

/** A policy group with a published Auth policy named `bench-policy`; returns the group's name. */
export async function publishedAuthPolicy(t: BenchServer): Promise<string> {
  const pm = (await t.staff(ROLES.POLICYMANAGER)).token;
  const group = (
    await expectOk(t, 'POST', `${POL}/policies/group/new`, {
      token: pm,
      request: { name: 'bench-group', desc: 'bench' },
    })
  ).body.response as { id: string; name: string };
  const policy = (
    await expectOk(t, 'POST', `${POL}/policies`, {
      token: pm,
      request: {
        policyGroupName: group.name,
        name: 'bench-policy',
        desc: 'bench',
        version: '1.0',
        policyType: 'Auth',
        policies: {
          authTokenType: 'partner',
          allowedAuthTypes: [{ authType: 'otp', mandatory: false }],
          allowedKycAttributes: [{ attributeName: 'fullName' }],
        },
      },
    })
  ).body.response as { id: string };
  await expectOk(t, 'POST', `${POL}/policies/${policy.id}/group/${group.id}/publish`, { token: pm });
  return group.name;
}

/** `n` users with a token each and no partner yet, written straight to the store. */
export async function benchUsers(t: BenchServer, n: number, prefix = 'BP'): Promise<BenchUser[]> {
  const db = t.server.deps.db;
  const hash = await hashPassword('bench-password-not-used');
  const users: BenchUser[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    await db
      .insertInto('users')
      .values({
        id,
        username: `bench-${prefix}${i}`,
        email: null,
        password_hash: hash,
        partner_id: null,
        oidc_subject: null,
        created_at: new Date(),
        updated_at: null,
      })
      .execute();
    const { token } = await issueToken(db, { userId: id }, 'password', 3600, new Date());
    users.push({ id, token, partnerId: `${prefix}${i}` });
  }
  return users;
}

/** The self-registration request of an Auth partner in `policyGroup`. */
export function registration(partnerId: string, policyGroup: string) {
  return {
    partnerId,
    organizationName: `Org ${partnerId}`,
    address: '1 Bench Road',
    contactNumber: '+911234567',
    emailId: `${partnerId.toLowerCase()}@bench.example`,
    partnerType: 'Auth_Partner',
    policyGroup,
  };
}

/** Uploads a root and an intermediate CA into the AUTH domain; returns a signing leaf (PEM) per partner. */
export async function authLeaves(t: BenchServer, partnerIds: string[]): Promise<string[]> {
  const root = await createRootCa({ subject: 'CN=Bench Root, O=Bench CA, C=IN', validityDays: 3650 });
  const inter = (await issueCertificate(root, {
    subject: 'CN=Bench Intermediate, O=Bench CA, C=IN',
    ca: true,
    validityDays: 3000,
  })) as CertifiedKey;
  for (const ca of [root, inter]) {
    await expectOk(t, 'POST', `${PM}/partners/certificate/ca/upload`, {
      token: t.adminToken,
      request: { certificateData: ca.certificatePem, partnerDomain: 'AUTH' },
    });
  }
  const leaves: string[] = [];
  for (const id of partnerIds) {
    const leaf = await issueCertificate(inter, {
      subject: `CN=${id}, O=Org ${id}, C=IN`,
      ca: false,
      keyUsage: 'signing',
      validityDays: 700,
    });
    leaves.push(leaf.certificatePem);
  }
  return leaves;
}

/** The certificate upload request of a partner's AUTH signing certificate. */
export function certificateUpload(partnerId: string, certificateData: string) {
  return { partnerId, certificateData, partnerDomain: 'AUTH' };
}
