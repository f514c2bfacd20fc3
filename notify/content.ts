/**
 * What the e-mails say. Rule: no data value, no name, no administration — only that something
 * awaits the person in their space, and the link to it (the mailbox may be read by others,
 * and e-mail is not a confidential channel). Plain French text.
 */
import { createHash } from 'node:crypto';
import type { AgentNotificationKind, NotificationKind } from './types.js';

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

/** The e-mail of one notification. */
export function renderNotification(kind: NotificationKind, publicUrl: string): { subject: string; text: string } {
  const l = LINES[kind];
  return { subject: `[Datapedia] ${l.subject}`, text: ['Bonjour,', '', l.line, FOOTER(spaceUrl(publicUrl))].join('\n') };
}

const AGENT_LINES: Record<AgentNotificationKind, { subject: string; line: string; path: string }> = {
  producer_report: {
    subject: 'Le rapport mensuel d’usage de vos API est disponible',
    line: 'Le rapport du mois écoulé (volumes par administration consommatrice, résultats, latence, cas ouverts) est disponible dans votre espace.',
    path: '/espace/indicateurs',
  },
  need_answered: {
    subject: 'Votre besoin de données a reçu une réponse',
    line: 'Un besoin de données que votre administration a déclaré sur le guichet « Dites-le-nous une fois » a reçu une réponse.',
    path: '/guichet/besoins',
  },
  agent_invitation: {
    subject: 'Vous êtes invité à rejoindre l’espace de votre organisation',
    line: 'Un administrateur de votre organisation vous invite à rejoindre son espace sur Datapedia. Connectez-vous avec ProConnect, avec cette adresse électronique et pour votre organisation : rien ne se passe sans votre connexion.',
    path: '/espace',
  },
};

/** The e-mail of a notification to an administration's agent (a link to their space, no figure). */
export function renderAgentNotification(kind: AgentNotificationKind, publicUrl: string): { subject: string; text: string } {
  const l = AGENT_LINES[kind];
  const url = `${publicUrl.replace(/\/+$/, '')}${l.path}`;
  return {
    subject: `[Datapedia] ${l.subject}`,
    text: [
      'Bonjour,',
      '',
      l.line,
      '',
      `Pour le consulter, connectez-vous à votre espace : ${url}`,
      '',
      'Ce message ne contient aucune donnée.',
    ].join('\n'),
  };
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
