// A plain-text JSON editor: a textarea with a line-number gutter that marks the lines
// diagnostics point at. The gutter draws only the visible lines, so a 50 MB document costs no
// more to show than a small one.

const LINE_HEIGHT = 18;

export class Editor {
  constructor(slot, placeholder) {
    this.root = document.createElement('div');
    this.root.className = 'editor';
    this.gutter = document.createElement('div');
    this.gutter.className = 'gutter';
    this.gutter.setAttribute('aria-hidden', 'true');
    this.numbers = document.createElement('div');
    this.gutter.append(this.numbers);
    this.textarea = document.createElement('textarea');
    this.textarea.spellcheck = false;
    this.textarea.placeholder = placeholder;
    this.textarea.setAttribute('aria-label', placeholder);
    this.root.append(this.gutter, this.textarea);
    slot.append(this.root);
    this.lineCount = 1;
    this.marks = new Map();
    this.textarea.addEventListener('scroll', () => this.drawGutter());
    this.textarea.addEventListener('input', () => this.refresh());
    new ResizeObserver(() => this.drawGutter()).observe(this.root);
    this.refresh();
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.readOnly = false;
    this.textarea.value = text;
    this.textarea.scrollTop = 0;
    this.refresh();
  }

  /** Shows a note instead of a document too large to lay out in a textarea. */
  showNote(note) {
    this.value = note;
    this.textarea.readOnly = true;
  }

  refresh() {
    const text = this.textarea.value;
    let count = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
    this.lineCount = count;
    this.drawGutter();
  }

  /** Marks lines: `marks` maps a 1-based line to the most severe severity on it. */
  setMarks(marks) {
    this.marks = marks;
    this.drawGutter();
  }

  drawGutter() {
    const top = this.textarea.scrollTop;
    const first = Math.floor(top / LINE_HEIGHT);
    const visible = Math.ceil(this.textarea.clientHeight / LINE_HEIGHT) + 1;
    const last = Math.min(this.lineCount, first + visible);
    this.numbers.style.transform = `translateY(${-(top % LINE_HEIGHT)}px)`;
    const rows = [];
    for (let line = first + 1; line <= last; line++) {
      const row = document.createElement('div');
      row.textContent = String(line);
      const mark = this.marks.get(line);
      if (mark) row.className = `mark-${mark}`;
      rows.push(row);
    }
    this.numbers.replaceChildren(...rows);
  }

  /** Puts the cursor at a 1-based line and UTF-16 column (JavaScript string indices). */
  moveTo(line, column) {
    const text = this.textarea.value;
    let offset = 0;
    for (let n = 1; n < line; n++) {
      const next = text.indexOf('\n', offset);
      if (next === -1) break;
      offset = next + 1;
    }
    offset = Math.min(text.length, offset + Math.max(0, column - 1));
    this.textarea.focus({ preventScroll: true });
    this.textarea.setSelectionRange(offset, offset);
    this.textarea.scrollTop = Math.max(0, (line - 1) * LINE_HEIGHT - this.textarea.clientHeight / 3);
    this.drawGutter();
  }
}
