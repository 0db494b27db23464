// What the client tree needs of the model without its builders (tree.ts): expansion, keyboard
// order, DOM ids and ancestors. /r builds the model on the server and sends it as props, so the
// browser loads only this.
import type { TreeModel, TreeNode } from '@/lib/report/view/tree';

/** A node id as an HTML id: only characters that need no escaping anywhere. */
export function nodeDomId(id: string): string {
  return `node-${id.replace(/[^A-Za-z0-9_.:-]/g, (c) => `_${c.codePointAt(0)?.toString(16)}_`)}`;
}

// ───────────── expansion and keyboard order ─────────────

/** Zones are open (their NS rows are few); nameservers open when something below needs attention. */
export function isExpandedByDefault(node: TreeNode): boolean {
  if (node.kind === 'zone') return true;
  if (node.kind === 'nameserver') return node.attention !== null && node.attention !== 'info';
  return false;
}

export interface VisibleRow {
  node: TreeNode;
  level: number;
  posinset: number;
  setsize: number;
  parentId: string | null;
}

/** The rows a person can see, in order: what arrow keys move through (WAI-ARIA tree pattern). */
export function visibleRows(zones: readonly TreeNode[], isExpanded: (node: TreeNode) => boolean): VisibleRow[] {
  const out: VisibleRow[] = [];
  const visit = (nodes: readonly TreeNode[], level: number, parentId: string | null) => {
    nodes.forEach((node, i) => {
      out.push({ node, level, posinset: i + 1, setsize: nodes.length, parentId });
      if (node.children.length > 0 && isExpanded(node)) visit(node.children, level + 1, node.id);
    });
  };
  visit(zones, 1, null);
  return out;
}

/** Ids of a node's ancestors, nearest first: to open the way to a node selected from elsewhere. */
export function ancestorsOf(tree: TreeModel, id: string): string[] {
  const out: string[] = [];
  for (let p = tree.parentOf.get(id); p; p = tree.parentOf.get(p)) out.push(p);
  return out;
}
