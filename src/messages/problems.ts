import { HttpProblem } from '../http/problem.js';

export type RefusedRecipient = { contactGroupId: string | null; staffId: string | null; organisationId: string; reason: string };

/** 422 problems of the send rule; `recipients` names each refused address. Nothing is stored. */
export const noConsent = (recipients: RefusedRecipient[]) =>
  new HttpProblem(
    'no-consent',
    `The individual’s consent (samtycke) in force does not cover ${recipients.length === 1 ? 'this recipient' : `${recipients.length} recipients`}. Nothing was sent.`,
    { recipients },
  );

export const recipientNotServing = (recipients: RefusedRecipient[]) =>
  new HttpProblem(
    'recipient-not-serving',
    `${recipients.length === 1 ? 'A recipient’s organisation' : `${recipients.length} recipients’ organisations`} neither perform a service for the individual today nor are their district. Nothing was sent.`,
    { recipients },
  );

export const senderNotServing = () =>
  new HttpProblem('forbidden', 'Your organisation does not perform a service for this individual today, nor is it their district.');

/**
 * Turns the sharing rule's refusals into the send's problem: the sender first (403), then recipients that do not
 * serve the individual, then those the consent does not cover, each naming the refused addresses.
 */
export function throwIfRefused(
  refusals: { organisationId: string; reason: 'sender-not-serving' | 'recipient-not-serving' | 'no-consent' }[],
  addresses: Omit<RefusedRecipient, 'reason'>[],
): void {
  if (refusals.some((r) => r.reason === 'sender-not-serving')) throw senderNotServing();
  const refused = (reason: string): RefusedRecipient[] =>
    addresses.filter((a) => refusals.some((r) => r.organisationId === a.organisationId && r.reason === reason)).map((a) => ({ ...a, reason }));
  const notServing = refused('recipient-not-serving');
  if (notServing.length) throw recipientNotServing(notServing);
  const uncovered = refused('no-consent');
  if (uncovered.length) throw noConsent(uncovered);
}
