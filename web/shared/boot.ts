import { h } from './dom.js';
import { currentStaff, type SignedInStaff } from './session-api.js';

// How both pages start: ask who is signed in, then show the page or the sign-in form. While the server cannot be
// reached (down or restarting), say so under the page's heading and keep trying, waiting longer each time.

export interface BootViews {
  signedIn(staff: SignedInStaff): void;
  signedOut(): void;
}

export async function boot(root: HTMLElement, heading: string, views: BootViews, attempt = 0): Promise<void> {
  try {
    const staff = await currentStaff();
    if (staff) views.signedIn(staff);
    else views.signedOut();
  } catch {
    const wait = Math.min(30, 2 ** attempt);
    root.replaceChildren(
      h('main', { id: 'main', className: 'login' }, h('h1', {}, heading), h('p', { className: 'form-alert shown', attrs: { role: 'alert' } }, `The server cannot be reached. Trying again in ${wait} s…`)),
    );
    setTimeout(() => void boot(root, heading, views, attempt + 1), wait * 1000);
  }
}
