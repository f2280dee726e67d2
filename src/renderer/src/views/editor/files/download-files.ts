/**
 * Saving the written files to the browser's machine: one download per file, through a blob: URL on a
 * link (the renderer's CSP restricts what a page loads, not what it downloads).
 */
export interface DownloadFile {
  name: string;
  content: string;
}

/** Just the file's name: a written file's name may hold a folder part the browser must not see. */
export function downloadName(name: string): string {
  return name.split(/[\\/]/).at(-1) || 'config.toml';
}

export function downloadFiles(files: readonly DownloadFile[], doc: Document = document): void {
  for (const file of files) {
    const url = URL.createObjectURL(new Blob([file.content], { type: 'text/plain;charset=utf-8' }));
    const link = doc.createElement('a');
    link.href = url;
    link.download = downloadName(file.name);
    link.style.display = 'none';
    doc.body.append(link);
    link.click();
    link.remove();
    // The click has started the download; the URL is not needed past this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
