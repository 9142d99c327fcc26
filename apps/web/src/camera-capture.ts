import { element } from './dom.js';

/** Whether the browser can see a camera (without asking for permission yet). */
export async function hasCamera(): Promise<boolean> {
  const devices = navigator.mediaDevices;
  if (devices === undefined || typeof devices.enumerateDevices !== 'function') return false;
  try {
    return (await devices.enumerateDevices()).some((device) => device.kind === 'videoinput');
  } catch {
    return false;
  }
}

/**
 * A "Take photos" button that opens the camera in a preview, with a button that turns the current
 * frame into a JPEG file for the class.
 */
export function cameraCapture(options: { readonly onCapture: (file: File) => void }): HTMLElement {
  const open = element('button', { type: 'button', class: 'secondary small', text: 'Take photos' });
  const wrapper = element('div', { class: 'camera' }, [open]);
  let taken = 0;
  open.addEventListener('click', async () => {
    open.disabled = true;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 448, height: 448 } });
    } catch (error) {
      open.disabled = false;
      wrapper.append(element('p', { class: 'error', role: 'alert', text: `The camera could not be opened: ${(error as Error).message}` }));
      return;
    }
    const video = element('video', {
      autoplay: true,
      muted: true,
      playsinline: true,
      width: 224,
      height: 224,
      'aria-label': 'Camera preview',
    });
    video.srcObject = stream;
    const capture = element('button', { type: 'button', class: 'small', text: 'Capture' });
    const close = element('button', { type: 'button', class: 'secondary small', text: 'Close camera' });
    const preview = element('div', { class: 'camera-preview' }, [video, capture, close]);
    wrapper.append(preview);
    capture.addEventListener('click', () => {
      const canvas = element('canvas', { width: video.videoWidth, height: video.videoHeight });
      canvas.getContext('2d')?.drawImage(video, 0, 0);
      canvas.toBlob(
        (blob) => {
          if (blob !== null) options.onCapture(new File([blob], `camera-${++taken}.jpg`, { type: 'image/jpeg' }));
        },
        'image/jpeg',
        0.92,
      );
    });
    close.addEventListener('click', () => {
      stream.getTracks().forEach((track) => {
        track.stop();
      });
      preview.remove();
      open.disabled = false;
    });
  });
  return wrapper;
}
