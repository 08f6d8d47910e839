/**
 * Who may decide in which role on a request (invariant 4): a rule of its own, which `applyEvent`
 * applies to every technical and purchasing decision and which tests check directly.
 */
import type { RoleHolders } from './state.js';

export type CanActInRoleOptions = {
  roles: RoleHolders;
  person: { email: string };
  role: 'technical' | 'purchasing';
};

/**
 * Whether this person may decide in this role on this request. One person may hold both roles only
 * when the requester declared it; otherwise a person named in one role is refused the other, even
 * if the other role's address happens to match.
 */
export function canActInRole({ roles, person, role }: CanActInRoleOptions): boolean {
  const isTechnical = sameAddress(person.email, roles.technicalEmail);
  // The second approver (once the approval rule names one) acts in the purchasing role too.
  const isPurchasing =
    sameAddress(person.email, roles.purchasingEmail) ||
    (roles.secondApproverEmail !== undefined && sameAddress(person.email, roles.secondApproverEmail));
  if (isTechnical && isPurchasing && !roles.sameContactForBothRoles) return false;
  return role === 'technical' ? isTechnical : isPurchasing;
}

/** The role holders of a parsed request; with the declaration, the technical contact holds both. */
export function roleHoldersOf(
  request: { technicalContact: { email: string } } & (
    { sameContactForBothRoles: true } | { sameContactForBothRoles: false; purchasingApprover: { email: string } }
  ),
): RoleHolders {
  const technicalEmail = request.technicalContact.email;
  if (request.sameContactForBothRoles) {
    return { technicalEmail, purchasingEmail: technicalEmail, sameContactForBothRoles: true };
  }
  return { technicalEmail, purchasingEmail: request.purchasingApprover.email, sameContactForBothRoles: false };
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
