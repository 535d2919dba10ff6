/** A text file to download: its name, MIME type and contents. */
export interface DownloadFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
}

/** Hands a file to the browser's download: a Blob behind an object URL, clicked through an <a download>. */
export function saveFile(file: DownloadFile): void {
  saveBlob(new Blob([file.text], { type: file.mimeType }), file.fileName);
}

/** Downloads a Blob (a PNG drawn on a canvas, an SVG) under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
