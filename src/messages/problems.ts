import { HttpProblem } from '../http/problem.js';

export type RefusedRecipient = { contactGroupId: string | null; staffId: string | null; organisationId: string; reason: string };

/** 422 problems of the send rule; `recipients` names each refused address. Nothing is stored. */
export const noConsent = (recipients: RefusedRecipient[]) =>
  new HttpProblem(
    { slug: 'no-consent', status: 422, title: 'The individual has not consented to this information transfer' },
    `The individual’s consent (samtycke) in force does not cover ${recipients.length === 1 ? 'this recipient' : `${recipients.length} recipients`}. Nothing was sent.`,
    { recipients },
  );

export const recipientNotServing = (recipients: RefusedRecipient[]) =>
  new HttpProblem(
    { slug: 'recipient-not-serving', status: 422, title: 'A recipient does not serve the individual' },
    `${recipients.length === 1 ? 'A recipient’s organisation' : `${recipients.length} recipients’ organisations`} neither perform a service for the individual today nor are their district. Nothing was sent.`,
    { recipients },
  );

export const senderNotServing = () =>
  new HttpProblem('forbidden', 'Your organisation does not perform a service for this individual today, nor is it their district.');
