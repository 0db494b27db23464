'use client';

import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { Finding } from '@/lib/checks/catalogue';
import type { TreeModel, TreeNode } from '@/lib/report/view/tree';
import { isExpandedByDefault, nodeDomId, visibleRows } from '@/lib/report/view/tree-rows';
import { TreeRowContent } from '@/components/report/tree-row-content';

export interface DelegationTreeProps {
  tree: TreeModel;
  findings: readonly Finding[];
  selectedId: string | null;
  overrides: Readonly<Record<string, boolean>>;
  focusId: string | null;
  focusRequest: number;
  onToggle: (id: string, expanded: boolean) => void;
  onFocusItem: (id: string) => void;
  /** `pointer` for a click or tap, `keyboard` for Enter or Space. */
  onSelect: (id: string, via: 'pointer' | 'keyboard') => void;
  labelledBy: string;
}

function Chevron({ open }: { open: boolean }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className={`size-3.5 transition-transform motion-reduce:transition-none ${open ? 'rotate-90' : ''}`}>
      <path d="M6 3.5L10.5 8 6 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * The delegation tree, after the WAI-ARIA APG tree view pattern: nested `ul role=tree/group`,
 * `li role=treeitem` with level, position and set size, one tab stop (roving tabindex), arrows,
 * Home/End and type-ahead to move, Right/Left to open and close, Enter/Space to select.
 */
export function DelegationTree(props: DelegationTreeProps) {
  const { tree, findings, selectedId, overrides, focusId, focusRequest, onToggle, onFocusItem, onSelect, labelledBy } = props;
  const isExpanded = (n: TreeNode) => n.children.length > 0 && (overrides[n.id] ?? isExpandedByDefault(n));
  const rows = visibleRows(tree.zones, isExpanded);
  const activeId = (rows.find((r) => r.node.id === focusId) ?? rows.find((r) => r.node.id === selectedId) ?? rows[0])?.node.id ?? null;

  // A node revealed from elsewhere (the summary, a finding) exists only after this render: focus it
  // then, once per request (arrow keys move focus themselves).
  const handledRequest = useRef(0);
  useEffect(() => {
    if (focusRequest === handledRequest.current || !focusId) return;
    handledRequest.current = focusRequest;
    const el = document.getElementById(nodeDomId(focusId));
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [focusRequest, focusId]);

  function moveTo(id: string | undefined) {
    if (!id) return;
    onFocusItem(id);
    document.getElementById(nodeDomId(id))?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const i = rows.findIndex((r) => r.node.id === activeId);
    const row = rows[i];
    if (!row || e.altKey || e.ctrlKey || e.metaKey) return;
    const node = row.node;
    const open = isExpanded(node);
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(rows[i + 1]?.node.id);
        break;
      case 'ArrowUp':
        moveTo(rows[i - 1]?.node.id);
        break;
      case 'Home':
        moveTo(rows[0]?.node.id);
        break;
      case 'End':
        moveTo(rows.at(-1)?.node.id);
        break;
      case 'ArrowRight':
        if (node.children.length > 0 && !open) onToggle(node.id, true);
        else if (open) moveTo(rows[i + 1]?.node.id);
        break;
      case 'ArrowLeft':
        if (open) onToggle(node.id, false);
        else moveTo(row.parentId ?? undefined);
        break;
      case 'Enter':
      case ' ':
        onSelect(node.id, 'keyboard');
        break;
      default: {
        // Type-ahead: the next row whose name starts with the typed character.
        if (e.key.length === 1 && /\S/.test(e.key)) {
          const ch = e.key.toLowerCase();
          const order = [...rows.slice(i + 1), ...rows.slice(0, i)];
          moveTo(order.find((r) => r.node.label.toLowerCase().startsWith(ch))?.node.id);
        } else handled = false;
      }
    }
    if (handled) e.preventDefault();
  }

  function renderNodes(nodes: readonly TreeNode[], level: number): ReactNode {
    return nodes.map((node, index) => {
      const domId = nodeDomId(node.id);
      const open = isExpanded(node);
      const hasChildren = node.children.length > 0;
      const selected = node.id === selectedId;
      return (
        <li
          key={node.id}
          id={domId}
          role="treeitem"
          aria-level={level}
          aria-setsize={nodes.length}
          aria-posinset={index + 1}
          aria-expanded={hasChildren ? open : undefined}
          aria-selected={selected}
          aria-labelledby={`${domId}-label`}
          tabIndex={node.id === activeId ? 0 : -1}
          className="outline-none"
          onFocus={(e) => {
            if (e.target === e.currentTarget) onFocusItem(node.id);
          }}
        >
          <div
            className={`tree-row flex min-h-8 cursor-default items-start gap-1 rounded py-1 pr-2 text-sm ${
              selected ? 'bg-sky-100 dark:bg-sky-900/50' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60'
            }`}
            style={{ paddingLeft: `${(level - 1) * 1.1 + 0.25}rem` }}
            onClick={(e) => {
              e.stopPropagation();
              onSelect(node.id, 'pointer');
              moveTo(node.id);
            }}
          >
            <span
              className={`mt-0.5 grid size-5 shrink-0 place-items-center rounded text-zinc-500 ${hasChildren ? 'hover:bg-zinc-200 dark:hover:bg-zinc-700' : 'invisible'}`}
              onClick={(e) => {
                if (!hasChildren) return;
                e.stopPropagation();
                onToggle(node.id, !open);
                moveTo(node.id);
              }}
            >
              <Chevron open={open} />
            </span>
            <TreeRowContent node={node} findings={findings} expanded={open} labelId={`${domId}-label`} />
          </div>
          {hasChildren && open ? <ul role="group">{renderNodes(node.children, level + 1)}</ul> : null}
        </li>
      );
    });
  }

  if (tree.zones.length === 0) {
    return (
      <p className="p-1.5 text-sm text-zinc-500 dark:text-zinc-400">
        {tree.live ? 'No zone cut found yet.' : 'No zone cut was found: not even the root answered.'}
      </p>
    );
  }
  return (
    <ul role="tree" aria-labelledby={labelledBy} className="select-text" onKeyDown={onKeyDown}>
      {renderNodes(tree.zones, 1)}
    </ul>
  );
}
