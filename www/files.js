// Documents the user opens or drops: read as text, or kept as bytes when too large to show, and
// held next to the editor that shows them.

/** Files larger than this are kept as bytes and not shown in an editor: a browser takes
 * seconds to lay out tens of megabytes of text. */
const SHOWN_LIMIT = 5 * 1024 * 1024;

/** Reads every file; a file the browser cannot read (moved or deleted since it was chosen)
 * rejects with an error that names it. */
export async function readFiles(files) {
  return Promise.all(
    [...files].map(async (file) => {
      try {
        return file.size > SHOWN_LIMIT
          ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
          : { name: file.name, text: await file.text() };
      } catch (error) {
        throw new Error(`Could not read ${file.name}: ${error.message} Choose it again.`);
      }
    }),
  );
}

/** A document read as bytes: kept as text when small enough to show, as bytes when not. */
export function documentFrom(name, bytes) {
  return bytes.length > SHOWN_LIMIT ? { name, bytes } : { name, text: new TextDecoder().decode(bytes) };
}

export function sizeNote(name, bytes) {
  return `${name}: ${(bytes.length / 1024 / 1024).toFixed(1)} MB, too large to show here. It is checked in full; diagnostics give its lines and columns.`;
}

/** Calls `take(files, dataTransfer)` with what is dropped on `zone`, outlining it while it hovers;
 * `dataTransfer`'s items (dropped folders) can be read only before `take` returns or awaits. */
export function acceptDrops(zone, take) {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    take(event.dataTransfer.files, event.dataTransfer);
  });
}

/** One named document in an editor: the editor's text, or a large file's bytes (noted in the
 * editor, not laid out). Typing in the editor replaces the bytes. */
export class EditedDocument {
  constructor(editor, name) {
    this.editor = editor;
    this.name = name;
    this.bytes = undefined;
    editor.textarea.addEventListener('input', () => {
      this.bytes = undefined;
    });
  }

  /** Shows a document read by `readFiles` (or `{ name, text }`). */
  set({ name, text, bytes }) {
    this.name = name;
    this.bytes = bytes;
    if (bytes) this.editor.showNote(sizeNote(name, bytes));
    else this.editor.value = text;
  }

  /** What the worker takes: the bytes, the text, or undefined when there is nothing. */
  get input() {
    return this.bytes ?? (this.editor.value.trim() ? this.editor.value : undefined);
  }
}
