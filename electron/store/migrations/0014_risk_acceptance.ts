/**
 * Risk acceptance that means something (issue #11): an accepted gap carries the acceptor's
 * justification, conditions and expiry, the time of acceptance, and an Ed25519 signature by the
 * acceptor's key over a canonical statement of the acceptance (see questionnaire/riskAcceptance).
 * accepted_by / accepted_role / accepted_date keep the acceptor's name, role and day. Additive,
 * nullable columns of a synced table.
 */
export const sql = `
ALTER TABLE gaps ADD COLUMN acceptance_justification TEXT;
ALTER TABLE gaps ADD COLUMN acceptance_conditions TEXT;
ALTER TABLE gaps ADD COLUMN acceptance_expires TEXT;
ALTER TABLE gaps ADD COLUMN accepted_at TEXT;
ALTER TABLE gaps ADD COLUMN acceptance_key_id TEXT;
ALTER TABLE gaps ADD COLUMN acceptance_public_key TEXT;
ALTER TABLE gaps ADD COLUMN acceptance_signature TEXT;
`;
