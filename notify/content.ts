/**
 * What the e-mails say. Rule: no data value, no name, no administration — only that something
 * awaits the person in their space, and the link to it (the mailbox may be read by others,
 * and e-mail is not a confidential channel). Plain French text.
 */
import { createHash } from 'node:crypto';
import type { NotificationKind } from './types.js';

const LINES: Record<NotificationKind, { subject: string; line: string }> = {
  data_obtained: {
    subject: 'Une nouvelle administration a obtenu des informations vous concernant',
    line: 'Une administration qui ne l’avait jamais fait a obtenu des informations vous concernant auprès d’une autre administration.',
  },
  consent_request: {
    subject: 'Une demande de consentement vous attend',
    line: 'Une administration vous demande votre accord pour obtenir des informations vous concernant.',
  },
  dossier_status: {
    subject: 'Votre démarche a changé de statut',
    line: 'Une de vos démarches a changé de statut.',
  },
};

const FOOTER = (url: string) =>
  [
    '',
    `Pour voir le détail, connectez-vous à votre espace : ${url}`,
    '',
    'Ce message ne contient aucune information personnelle. Vous le recevez parce que vous avez demandé à être prévenu.',
    `Pour ne plus recevoir ces messages, changez vos préférences dans votre espace : ${url}`,
  ].join('\n');

function spaceUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/moi`;
}

/** The invitation of an agent: no organisation named, only where to log in (ProConnect). */
function renderAgentInvitation(publicUrl: string): { subject: string; text: string } {
  const url = `${publicUrl.replace(/\/+$/, '')}/espace`;
  return {
    subject: '[Datapedia] Vous êtes invité à rejoindre l’espace de votre organisation',
    text: [
      'Bonjour,',
      '',
      'Un administrateur de votre organisation vous a invité à rejoindre son espace sur Datapedia.',
      `Connectez-vous avec ProConnect, avec cette adresse électronique et pour votre organisation : ${url}`,
      '',
      'Si vous ne vous attendiez pas à cette invitation, ignorez ce message : rien ne se passe sans votre connexion.',
    ].join('\n'),
  };
}

/** The e-mail of one notification. */
export function renderNotification(kind: NotificationKind | 'agent_invitation', publicUrl: string): { subject: string; text: string } {
  if (kind === 'agent_invitation') return renderAgentInvitation(publicUrl);
  const l = LINES[kind];
  return { subject: `[Datapedia] ${l.subject}`, text: ['Bonjour,', '', l.line, FOOTER(spaceUrl(publicUrl))].join('\n') };
}

/** The daily digest: how many notifications of each kind, nothing else. */
export function renderDigest(counts: { kind: string; n: number }[], publicUrl: string): { subject: string; text: string } {
  const lines = counts
    .filter((c) => c.kind in LINES)
    .map((c) => `- ${LINES[c.kind as NotificationKind].line}${c.n > 1 ? ` (${c.n} fois)` : ''}`);
  return {
    subject: '[Datapedia] Votre résumé du jour',
    text: ['Bonjour,', '', 'Depuis votre dernier résumé :', ...lines, FOOTER(spaceUrl(publicUrl))].join('\n'),
  };
}

/**
 * The Message-ID of a notification (RFC 5322 §3.6.4), derived from its key: every attempt to
 * send the same notification carries the same id, so a resend after a crash is recognisable
 * as the same message by the receiving systems and by our tests.
 */
export function messageIdFor(notificationKey: string, domain: string): string {
  return `<${createHash('sha256').update(notificationKey).digest('hex').slice(0, 40)}@${domain}>`;
}
