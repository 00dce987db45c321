/** Who sends messages: staff of the organisations and the district; systems, auditors and reporting do not. */
export const MESSAGE_SENDERS = ['case_worker', 'it_contact', 'manager', 'care_staff', 'licensed', 'admin'] as const;
