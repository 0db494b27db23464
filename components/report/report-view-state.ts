// What a person has done on a report page: which node or finding is selected, which nodes they
// opened or closed, and where keyboard focus is in the tree. A reducer, so the tree, the summary,
// the diagram and the panels can all select and reveal nodes without effects or shared refs.

export type Selection =
  { kind: 'node'; id: string } | { kind: 'finding'; index: number; nodeId: string | null } | { kind: 'records'; title: string; ids: string[] } | null;

export interface ReportViewState {
  selection: Selection;
  /** Expansion the person chose, over the defaults (problems open). */
  overrides: Record<string, boolean>;
  /** The tree item with tabindex 0 (roving tabindex). */
  focusId: string | null;
  /** Bumped when DOM focus must follow focusId after the next render (a node revealed from elsewhere). */
  focusRequest: number;
}

export type ReportViewAction =
  | { type: 'toggle'; id: string; expanded: boolean }
  | { type: 'focus'; id: string }
  | { type: 'select-node'; id: string }
  /** From outside the tree: open the way to the node, select it, and move focus there. */
  | { type: 'reveal-node'; id: string; ancestors: string[]; focus: boolean }
  | { type: 'select-finding'; index: number; nodeId: string | null; ancestors: string[]; focus: boolean }
  | { type: 'select-records'; title: string; ids: string[] }
  | { type: 'clear' };

export const INITIAL_VIEW_STATE: ReportViewState = { selection: null, overrides: {}, focusId: null, focusRequest: 0 };

function open(overrides: Record<string, boolean>, ids: readonly string[]): Record<string, boolean> {
  if (ids.every((id) => overrides[id] !== false)) return overrides;
  const next = { ...overrides };
  for (const id of ids) if (next[id] === false) delete next[id];
  return next;
}

export function reportViewReducer(state: ReportViewState, action: ReportViewAction): ReportViewState {
  switch (action.type) {
    case 'toggle':
      return { ...state, overrides: { ...state.overrides, [action.id]: action.expanded } };
    case 'focus':
      return state.focusId === action.id ? state : { ...state, focusId: action.id };
    case 'select-node':
      return { ...state, selection: { kind: 'node', id: action.id }, focusId: action.id };
    case 'reveal-node':
      return {
        ...state,
        selection: { kind: 'node', id: action.id },
        overrides: open(state.overrides, action.ancestors),
        focusId: action.id,
        focusRequest: action.focus ? state.focusRequest + 1 : state.focusRequest,
      };
    case 'select-finding':
      return {
        ...state,
        selection: { kind: 'finding', index: action.index, nodeId: action.nodeId },
        overrides: open(state.overrides, action.ancestors),
        focusId: action.nodeId ?? state.focusId,
        focusRequest: action.focus && action.nodeId ? state.focusRequest + 1 : state.focusRequest,
      };
    case 'select-records':
      return { ...state, selection: { kind: 'records', title: action.title, ids: action.ids } };
    case 'clear':
      return { ...state, selection: null };
  }
}

/** The tree node to show as selected (aria-selected) for a selection. */
export function selectedNodeId(selection: Selection): string | null {
  if (selection?.kind === 'node') return selection.id;
  if (selection?.kind === 'finding') return selection.nodeId;
  return null;
}
