/** The project's device-registration checks against the registry (docs/verifier.md, checks 9-11). */
import { type Check, DIGITAL_ID_FIELDS, fail, registryKey, str, where } from './support.ts';

export const DEVICE_CHECKS: Check[] = [
  {
    // Project check (docs/verifier.md, check 9 `device.registration`): the device is registered, Registered, and is what it claims.
    name: 'device.registration',
    run: async (s) => {
      const registry = s.deps.deviceRegistry;
      if (!registry) return { notRun: 'no device registry given' };
      for (const e of s.elements) {
        const deviceCode = str(e.data.deviceCode);
        const key = registryKey(e.digitalId, deviceCode);
        let record = s.registered.get(key);
        if (!record) {
          try {
            record = await registry.lookup({
              deviceCode,
              serialNo: str(e.digitalId.serialNo),
              deviceProviderId: str(e.digitalId.deviceProviderId),
              deviceProvider: str(e.digitalId.deviceProvider),
            });
          } catch (err) {
            fail('VER_REGISTRY_UNAVAILABLE', `device registry: ${(err as Error).message}`.slice(0, 300));
          }
          if (!record)
            fail(
              'VER_DEVICE_NOT_REGISTERED',
              `no registered device with deviceCode ${deviceCode} and serialNo ${str(e.digitalId.serialNo)}`,
            );
          s.registered.set(key, record);
        }
        e.record = record;
        if (record.status === 'Revoked') fail('VER_DEVICE_REVOKED', `device ${record.deviceCode} is Revoked`);
        if (record.status === 'Retired')
          fail('VER_DEVICE_RETIRED', `device ${record.deviceCode} is Retired (de-registered)`);
        if (record.deviceCode !== deviceCode)
          fail('VER_DEVICE_MISMATCH', `${where(e)}.data.deviceCode differs from the registered one`);
        for (const f of DIGITAL_ID_FIELDS) {
          if (str(e.digitalId[f]) !== record[f])
            fail('VER_DEVICE_MISMATCH', `${where(e)} digital ID ${f} differs from the registered device`);
        }
        if (record.purpose !== s.purpose)
          fail('VER_DEVICE_MISMATCH', `device ${record.deviceCode} is registered for ${record.purpose}`);
      }
      return `${s.registered.size} device(s) Registered, digital IDs match`;
    },
  },
  {
    name: 'device.model',
    run: (s) => {
      if (!s.deps.deviceRegistry) return { notRun: 'no device registry given' };
      for (const r of s.registered.values()) {
        if (!r.modelApproved)
          fail(
            'VER_MODEL_NOT_APPROVED',
            `model ${r.make} ${r.model} (${r.type}/${r.deviceSubType}) is not approved`,
          );
      }
      return 'device models approved';
    },
  },
  {
    name: 'device.sbi',
    run: (s) => {
      if (!s.deps.deviceRegistry) return { notRun: 'no device registry given' };
      for (const e of s.elements) {
        const record = e.record;
        const version = str(e.data.deviceServiceVersion);
        if (!record?.approvedSbiVersions.includes(version))
          fail(
            'VER_SBI_NOT_APPROVED',
            `deviceServiceVersion ${JSON.stringify(version)} is not an approved SBI version`,
          );
      }
      return 'SBI versions approved';
    },
  },
];
