// Keyboard movement between the lever grid's edit boxes (issue 10 §8): arrow
// keys and Enter move like a spreadsheet, skipping locked cells; Tab keeps
// the browser's own order.

/**
 * The direction a key asks for in a cell's text box, or null to leave the key
 * to the box. Left and Right move only when the caret is at that edge or the
 * whole text is selected (as it is on arriving), so they still edit within
 * the number otherwise.
 */
export function moveOf(e) {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const el = e.currentTarget;
  const len = el.value.length;
  const start = el.selectionStart;
  const end = el.selectionEnd;
  const all = start === 0 && end === len;
  switch (e.key) {
    case 'ArrowUp': return e.shiftKey ? null : 'up';
    case 'ArrowDown': return e.shiftKey ? null : 'down';
    case 'Enter': return e.shiftKey ? 'up' : 'down';
    case 'ArrowLeft': return !e.shiftKey && (all || (start === 0 && end === 0)) ? 'left' : null;
    case 'ArrowRight': return !e.shiftKey && (all || (start === len && end === len)) ? 'right' : null;
    default: return null;
  }
}

/**
 * The cell a move reaches: `rows` are the grid's rows in display order, each
 * an array of cell keys by column (null where the cell is missing or locked).
 * Up and down keep the column and skip rows without an editable cell there;
 * left and right stay in the row. Null at the grid's edge.
 */
export function targetOf(rows, from, dir) {
  let r = rows.findIndex((row) => row.includes(from));
  if (r < 0) return null;
  let c = rows[r].indexOf(from);
  const dr = dir === 'up' ? -1 : dir === 'down' ? 1 : 0;
  const dc = dir === 'left' ? -1 : dir === 'right' ? 1 : 0;
  for (;;) {
    r += dr;
    c += dc;
    if (r < 0 || r >= rows.length || c < 0 || c >= rows[r].length) return null;
    if (rows[r][c]) return rows[r][c];
  }
}

/** Focus a cell's text box inside `root` and select its text, ready to be typed over. */
export function focusCell(root, cellKey) {
  const el = root && root.querySelector(`input[data-cell="${cellKey}"]`);
  if (!el) return false;
  el.focus();
  el.select();
  return true;
}
