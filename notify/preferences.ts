/**
 * Per-person notification choices. Rules: opt-in only (nothing is sent for a kind the person
 * did not enable); one address per person; `daily` folds the day's notifications into one
 * digest; a person reads and changes only their own choices (the caller passes their
 * subject_ref). Removing the address removes every choice.
 */
import { ProblemError, withTransaction } from '../schemas/index.js';
import {
  deleteRecipientByPersonRef,
  findRecipientByPersonRef,
  listPreferencesByPersonRef,
  upsertPreferences,
  upsertRecipient,
} from './store/preferences.js';
import { NOTIFICATION_KINDS, type DigestMode, type NotificationKind, type NotifyContext } from './types.js';

export interface NotificationPreferences {
  email: string | null;
  digest: DigestMode;
  kinds: Record<NotificationKind, boolean>;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,253}\.[^\s@<>()[\]\\,;:"]{2,63}$/;
const REF = /^[0-9a-f]{64}$/;

const none = (): Record<NotificationKind, boolean> => ({ data_obtained: false, consent_request: false, dossier_status: false });

export async function getNotificationPreferences(ctx: Pick<NotifyContext, 'pool'>, personRef: string): Promise<NotificationPreferences> {
  const recipient = await findRecipientByPersonRef(ctx.pool, personRef);
  const kinds = none();
  if (recipient) for (const p of await listPreferencesByPersonRef(ctx.pool, personRef)) kinds[p.kind as NotificationKind] = p.enabled;
  return { email: recipient?.email ?? null, digest: recipient?.digest ?? 'immediate', kinds };
}

/** Sets the person's address, digest mode and kinds (kinds not named keep their choice, default off). */
export async function setNotificationPreferences(
  ctx: NotifyContext,
  personRef: string,
  input: { email: unknown; digest?: unknown; kinds?: Partial<Record<NotificationKind, unknown>> },
): Promise<NotificationPreferences> {
  if (!REF.test(personRef)) throw new TypeError('setNotificationPreferences: personRef must be 64 hex characters');
  const errors: { pointer: string; detail: string }[] = [];
  const email = typeof input.email === 'string' ? input.email.trim() : '';
  if (!EMAIL.test(email)) errors.push({ pointer: '/email', detail: 'adresse électronique invalide' });
  const digest = input.digest ?? 'immediate';
  if (digest !== 'immediate' && digest !== 'daily') errors.push({ pointer: '/digest', detail: 'immediate ou daily' });
  const kinds = Object.entries(input.kinds ?? {});
  for (const [k, v] of kinds) {
    if (!NOTIFICATION_KINDS.includes(k as NotificationKind))
      errors.push({ pointer: `/kinds/${k}`, detail: 'type de notification inconnu' });
    else if (typeof v !== 'boolean') errors.push({ pointer: `/kinds/${k}`, detail: 'true ou false' });
  }
  if (errors.length) throw new ProblemError('client.validation_failed', { detail: 'Préférences invalides.', errors });
  const at = ctx.clock.now();
  await withTransaction(ctx.pool, async (client) => {
    await upsertRecipient(client, { person_ref: personRef, email, digest: digest as DigestMode, updated_at: at });
    if (kinds.length)
      await upsertPreferences(
        client,
        personRef,
        kinds.map(([kind, enabled]) => ({ kind, enabled: enabled as boolean })),
        at,
      );
  });
  return getNotificationPreferences(ctx, personRef);
}

/** Forgets the person's address and every choice (nothing more is queued for them). */
export async function removeNotificationPreferences(ctx: Pick<NotifyContext, 'pool'>, personRef: string): Promise<void> {
  await deleteRecipientByPersonRef(ctx.pool, personRef);
}
