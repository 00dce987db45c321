export const openapiInfo = {
  info: {
    title: 'hemtjanst-api',
    version: '0.1.0',
    description: [
      'Information routines of home care (hemtjänst) under free choice (LOV, lagen om valfrihetssystem) in the City of Göteborg:',
      'the directory of organisations (utförare, beställare), units (enheter), staff and individuals (brukare);',
      'and the features built on it. Every /v1 route needs `Authorization: Bearer <JWT>` with claims `sub`, `org` and `roles`.',
      'Every error is RFC 9457 `application/problem+json`; `type` is `/problems/<slug>`.',
      'Personal identity numbers (personnummer, samordningsnummer) are validated and never logged.',
    ].join(' '),
  },
  // Relative: the document is served by the service itself (/openapi.json), so the paths are relative to that host.
  servers: [{ url: '/', description: 'This service (where this document is served from)' }],
  components: {
    securitySchemes: {
      bearerAuth: { type: 'http' as const, scheme: 'bearer', bearerFormat: 'JWT' },
    },
  },
  tags: [
    { name: 'health', description: 'Liveness and readiness' },
    { name: 'organisations', description: 'Organisationer: utförare (private and municipal providers), the city’s units, beställare (districts), the contract unit (EKU)' },
    { name: 'units', description: 'Enheter: teams or sites of an organisation and the geographic areas they serve' },
    { name: 'staff', description: 'Personal: staff with their roles and manager (chef)' },
    { name: 'individuals', description: 'Den enskilde / brukare: the people who receive care' },
    { name: 'service overview', description: 'Insatsöversikt: which unit performs which service (insats) for an individual, and since when' },
    { name: 'consent', description: 'Samtycke: the individual’s consent to information transfer between providers' },
    { name: 'audit', description: 'Loggning av åtkomst: the append-only access log of individuals’ data' },
    { name: 'contact groups', description: 'Kontaktgrupper / sändlistor: addresses each organisation’s IT contact maintains; bevakning of unacknowledged messages' },
    { name: 'messages', description: 'Meddelanden: secure messages between providers about an individual, with consent and confidentiality; read and kvittens' },
    { name: 'time reports', description: 'Tidsrapportering: visits (besök) posted by the time-reporting system, with versions for corrections' },
    { name: 'compensation', description: 'Ersättning för utförd tid: hourly rates, monthly statements per provider, unit and individual, and follow-up reports; stängd månad (closing a month) and justeringar (adjustments)' },
    { name: 'fees', description: 'Avgift: the individual’s fee for performed home care and trygghetslarm, capped by maxtaxa and the individual’s avgiftsutrymme (högkostnadsskydd)' },
    { name: 'delegations', description: 'Digital delegering: licensed staff (legitimerad personal) delegate health-care tasks to named care workers; signing, omprövning, återkallelse' },
    { name: 'default provider', description: 'Ickevalsalternativ (LOV 9 kap. 2 §): egen regi until 2019, then turordning among qualified private providers; every allocation and skip kept to show likabehandling' },
    { name: 'demo', description: 'Development helpers (absent in production)' },
  ],
};
