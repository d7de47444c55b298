// Drawing results, shared by the page's tabs: every value from a payload goes into the page as
// text (textContent), never as markup.

export const $ = (id) => document.getElementById(id);

const SEVERITY_ORDER = { error: 3, warning: 2, info: 1 };

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function setStatus(node, text, isError = false) {
  node.textContent = text;
  node.className = isError ? 'status error' : 'status';
}

/** `1 error, 2 warnings, 0 infos`, as the command line counts. */
export function summaryText(s) {
  if (s.errors + s.warnings + s.infos === 0) return 'No problems.';
  const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}, ${count(s.infos, 'info')}`;
}

/** A payload value as JSON text; nothing for an absent one. */
export const show = (value) => (value === undefined ? '' : JSON.stringify(value));

/** Per file, the lines diagnostics point at, each with its most severe severity. */
export function lineMarks(diagnostics) {
  const byFile = new Map();
  for (const d of diagnostics) {
    if (!d.file || !d.line) continue;
    const marks = byFile.get(d.file) ?? new Map();
    const current = marks.get(d.line);
    if (!current || SEVERITY_ORDER[d.severity] > SEVERITY_ORDER[current]) marks.set(d.line, d.severity);
    byFile.set(d.file, marks);
  }
  return byFile;
}

/** A diagnostic's lines of text as its list item shows them: severity and message, place and
 * rule, and the hint when there is one. */
export function diagnosticLines(d) {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}` : 'job options';
  const lines = [[d.severity, d.message], [`${where}  ${d.pointer}`, `  ${d.rule}`]];
  if (d.hint) lines.push([`hint: ${d.hint}`]);
  return lines;
}

/** A diagnostic as a list item; clicking it (or Enter on it) calls `reveal(d)`. */
export function diagnosticItem(d, reveal) {
  const item = element('li', d.severity);
  item.tabIndex = 0;
  const [[severity, message], [place, rule], hint] = diagnosticLines(d);
  item.append(element('span', 'sev', severity), element('span', 'message', message), document.createElement('br'));
  item.append(element('span', 'where', place), element('span', 'rule', rule));
  if (hint) item.append(element('div', 'hint', hint[0]));
  item.addEventListener('click', () => reveal(d));
  item.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    // Else the key, once reveal has focused the editor, types a newline into the document.
    event.preventDefault();
    reveal(d);
  });
  return item;
}

/** A change as text: `property: before → after`, either side optional; what `changeLine` shows. */
export function changeText(change) {
  const before = change.before === undefined ? '' : show(change.before);
  const arrow = change.before !== undefined && change.after !== undefined ? ' → ' : '';
  const after = change.after === undefined ? ' (removed)' : show(change.after);
  return `${change.property}: ${before}${arrow}${after}`;
}

/** One line under a result row: `property: before → after`, either side optional. */
export function changeLine(change, className = 'change') {
  const line = element('span', className, `${change.property}: `);
  if (change.before !== undefined) line.append(element('span', 'before', show(change.before)));
  if (change.before !== undefined && change.after !== undefined) line.append(' → ');
  if (change.after !== undefined) line.append(element('span', 'after', show(change.after)));
  if (change.after === undefined) line.append(' (removed)');
  return line;
}

/** A result row: its text and the lines under it, searchable by all of their text. */
export function row(text, details = []) {
  const item = element('li', '', text);
  item.append(...details);
  return { item, search: item.textContent.toLowerCase() };
}

/** A titled list of the rows matching `query` (lower case), or null when none does. */
export function resultSection(kind, title, rows, query) {
  const matching = query ? rows.filter((r) => r.search.includes(query)) : rows;
  if (matching.length === 0) return null;
  const section = element('div', `plan-section ${kind}`);
  section.append(element('h3', '', `${title} (${matching.length})`));
  const list = element('ul');
  for (const r of matching) list.append(r.item);
  section.append(list);
  return section;
}

/** Offers `output` as a file download, made in the page (a blob: URL, no request). */
export function saveFile(output, name, type) {
  const link = element('a');
  link.href = URL.createObjectURL(new Blob([output], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

/** Makes each of `buttons` save the report in the format `formatOf(button)` names:
 * `render(format)` resolves with its text (or nothing when there is no report yet), `files`
 * gives the file's name and type per format, and a failure goes to `onError`. */
export function offerDownloads(buttons, formatOf, files, render, onError) {
  for (const button of buttons) {
    button.addEventListener('click', async () => {
      const format = formatOf(button);
      try {
        const output = await render(format);
        if (output !== undefined) saveFile(output, ...files[format]);
      } catch (error) {
        onError(error);
      }
    });
  }
}
