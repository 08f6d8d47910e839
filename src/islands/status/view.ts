/**
 * The request view `GET /api/requests/:id` answers with (see the intake HTTP contract). Declared here
 * because islands never import server code; fields the page does not need are left out.
 */
import type { Mode, PartKind, PoStatus } from '../../domain/request-schema.js';

export type ViewerRole = 'technical' | 'purchasing' | 'status';
export type NextActorName = 'shop' | 'technical' | 'purchasing' | 'none';

export type ContactView = { name: string; company: string; jobTitle?: string; email?: string; phone?: string };

export type FileView = {
  id: string;
  name: string;
  size: number;
  contentType: string;
  kind: 'image' | 'cad';
  width?: number;
  height?: number;
  uploadedByRole: string;
  createdAt: string;
};

export type EventView = {
  id: number | string;
  type: string;
  role: string;
  actorName?: string;
  at: string;
  summary: string;
};

export type RequestView = {
  id: string;
  reference: string;
  mode: Mode;
  createdAt: string;
  viewerRole: ViewerRole;
  part: {
    name: string;
    problem: string;
    kind: PartKind;
    size: { lengthMm: number; widthMm: number; heightMm: number };
    material: string;
    finish?: string;
  };
  quantities: { sample?: number; openingLot?: number; total?: number; provisional: boolean };
  neededBy: string;
  sameContactForBothRoles: boolean;
  contacts: { technical: ContactView; purchasing: ContactView & { poStatus: PoStatus; poNumber?: string } };
  files: FileView[];
  technical: { state: string; label: string };
  commercial: { state: string; label: string };
  readyForProduction: boolean;
  nextActor: NextActorName;
  missing: string[];
  handoffNote: string;
  events: EventView[];
};
