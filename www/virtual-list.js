// A list that draws only the items on screen, so that 100,000 rows cost what 30 do. Each item's
// height is known before it is drawn: rows are set in a monospaced font that breaks anywhere, so
// a line of text takes ceil(length / columns) lines, and the columns are measured once per width.
// The list scrolls in its own box; rows are `li` in a `ul` with their place in the whole list
// (aria-posinset, aria-setsize), and the arrow keys move between rows that take the focus.

/** Rows drawn beyond each edge of the box, so that a fast scroll shows no gap. */
const OVERSCAN = 8;

/** How many lines `length` characters take at `columns` characters a line (an empty text takes one). */
export const linesOf = (length, columns) => Math.max(1, Math.ceil(length / columns));

export class VirtualList {
  /**
   * `root` becomes the scrolling box, named `label`. `heightOf(item, columns)` is an item's height
   * in pixels when a line holds `columns` characters; `render(item)` draws it as an `li`;
   * `focusable(item)` says whether its row takes the focus (or holds a control that does).
   */
  constructor(root, { label, rowClass, heightOf, render, focusable = () => false }) {
    Object.assign(this, { root, rowClass, heightOf, render, focusable });
    root.classList.add('virtual-list');
    root.tabIndex = 0;
    root.setAttribute('role', 'region');
    root.setAttribute('aria-label', label);
    this.sizer = document.createElement('div');
    this.sizer.className = 'virtual-sizer';
    this.list = document.createElement('ul');
    this.list.className = 'virtual-rows';
    this.sizer.append(this.list);
    root.append(this.sizer);
    this.items = [];
    this.offsets = new Float64Array(1);
    this.drawn = new Map();
    this.range = [0, 0];
    this.width = -1;
    root.addEventListener('scroll', () => this.draw());
    root.addEventListener('keydown', (event) => this.move(event));
    new ResizeObserver(() => this.layout()).observe(root);
  }

  /** Shows `items` from the top. */
  show(items) {
    this.items = items;
    this.root.scrollTop = 0;
    this.width = -1;
    this.layout();
  }

  /** Characters a line of a row holds, measured with a hidden row of the list's own style. */
  columns() {
    const probe = document.createElement('li');
    probe.className = this.rowClass;
    probe.style.visibility = 'hidden';
    const text = document.createElement('span');
    text.style.whiteSpace = 'pre';
    text.textContent = 'x'.repeat(100);
    probe.append(text);
    this.list.append(probe);
    const style = getComputedStyle(probe);
    const inner = probe.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const charWidth = text.getBoundingClientRect().width / 100;
    probe.remove();
    return Math.max(8, Math.floor(inner / charWidth));
  }

  /** Places every item (again when the width changed), then draws the ones on screen. */
  layout() {
    const width = this.root.clientWidth;
    if (width === 0) return; // hidden: laid out when shown
    if (width !== this.width) {
      this.width = width;
      const columns = this.columns();
      const offsets = new Float64Array(this.items.length + 1);
      for (let i = 0; i < this.items.length; i++) offsets[i + 1] = offsets[i] + this.heightOf(this.items[i], columns);
      this.offsets = offsets;
      this.sizer.style.height = `${offsets[this.items.length]}px`;
      this.clear();
    }
    this.draw();
  }

  clear() {
    this.list.replaceChildren();
    this.drawn.clear();
    this.range = [0, 0];
  }

  /** The first item whose bottom is below `y`. */
  indexAt(y) {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.offsets[middle + 1] <= y) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Draws the rows in or near the box, keeping those already drawn. */
  draw() {
    const top = this.root.scrollTop;
    const first = Math.max(0, this.indexAt(top) - OVERSCAN);
    const last = Math.min(this.items.length, this.indexAt(top + this.root.clientHeight) + 1 + OVERSCAN);
    if (first === this.range[0] && last === this.range[1]) return;
    this.range = [first, last];
    for (const [index, row] of this.drawn) {
      if (index < first || index >= last) {
        row.remove();
        this.drawn.delete(index);
      }
    }
    const rows = [];
    for (let index = first; index < last; index++) {
      let row = this.drawn.get(index);
      if (!row) {
        row = this.render(this.items[index]);
        row.classList.add(this.rowClass);
        row.style.height = `${this.offsets[index + 1] - this.offsets[index]}px`;
        row.dataset.index = String(index);
        row.setAttribute('aria-posinset', String(index + 1));
        row.setAttribute('aria-setsize', String(this.items.length));
        this.drawn.set(index, row);
      }
      rows.push(row);
    }
    // Rows already in place stay (and keep the focus); new ones go before or after them.
    const kept = rows.filter((row) => row.parentNode === this.list);
    const before = rows.slice(0, kept.length ? rows.indexOf(kept[0]) : rows.length);
    const after = kept.length ? rows.slice(rows.indexOf(kept[kept.length - 1]) + 1) : [];
    this.list.prepend(...before);
    this.list.append(...after);
    this.list.style.transform = `translateY(${this.offsets[first]}px)`;
  }

  /** The drawn row of item `index`, scrolled into the box. */
  reveal(index) {
    const top = this.offsets[index];
    const bottom = this.offsets[index + 1];
    if (top < this.root.scrollTop) this.root.scrollTop = top;
    else if (bottom > this.root.scrollTop + this.root.clientHeight) this.root.scrollTop = bottom - this.root.clientHeight;
    this.draw();
    return this.drawn.get(index);
  }

  /** Arrow keys on a row move the focus to the previous or next row that takes it. */
  move(event) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const row = event.target.closest?.('[data-index]');
    if (!row || !this.list.contains(row)) return;
    const step = event.key === 'ArrowDown' ? 1 : -1;
    let index = Number(row.dataset.index) + step;
    while (index >= 0 && index < this.items.length && !this.focusable(this.items[index])) index += step;
    if (index < 0 || index >= this.items.length) return;
    event.preventDefault();
    const next = this.reveal(index);
    (next.matches('[tabindex], button') ? next : next.querySelector('[tabindex], button'))?.focus();
  }
}
