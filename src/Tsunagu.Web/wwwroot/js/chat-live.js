// Live chat on the server-rendered chat page. The page works without this script (form posts, reloads); the script
// only adds what a push makes possible: new, edited and deleted messages appear in place, unread badges of other
// channels count up, and the channel on screen is marked read while it is being looked at.
// Pushes carry the message's plain text only for the screen-reader announcement; what is shown is always the
// server-rendered fragment of the message, fetched with the viewer's own rights.
/* global signalR */

const list = document.querySelector('ol.chat-messages[data-chat-channel]');
const channelId = list ? Number(list.dataset.chatChannel) : null;
const threadId = list && list.dataset.chatThread ? Number(list.dataset.chatThread) : null;
const english = (document.documentElement.lang || '').toLowerCase().startsWith('en');
const words = english
    ? { posted: (name, text) => `New message from ${name}: ${text}`, edited: name => `${name} edited a message.`, deleted: () => 'A message was deleted.' }
    : { posted: (name, text) => `${name}さんの新しいメッセージ: ${text}`, edited: name => `${name}さんがメッセージを編集しました。`, deleted: () => 'メッセージが削除されました。' };

let me = null;
let queue = Promise.resolve();
let readUpTo = 0;
let readTimer = null;

function messageId(li) {
    const match = /^m-(\d+)$/.exec(li.id || '');
    return match ? Number(match[1]) : null;
}

function shownIds() {
    return list ? Array.from(list.children).map(messageId).filter(id => id !== null) : [];
}

// Whether the end of the list is in view (within its own scrolling box, if it has one, and in the window).
function endInView() {
    const box = list.getBoundingClientRect();
    const inWindow = box.bottom <= window.innerHeight + 48;
    const inOwnBox = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    return inWindow && inOwnBox;
}

function liveRegion() {
    let region = document.getElementById('chat-live-announcer');
    if (!region) {
        region = document.createElement('div');
        region.id = 'chat-live-announcer';
        region.className = 'visually-hidden';
        region.setAttribute('role', 'status');
        region.setAttribute('aria-live', 'polite');
        region.setAttribute('aria-atomic', 'true');
        // Inside the main landmark, where the messages are, so it belongs to the page's structure.
        (list?.closest('main') || document.querySelector('main') || document.body).appendChild(region);
    }
    return region;
}

function announce(text) {
    const region = liveRegion();
    // Clearing first makes a repeated identical text be read again.
    region.textContent = '';
    window.setTimeout(() => { region.textContent = text.length > 200 ? text.slice(0, 200) + '…' : text; }, 50);
}

async function fragment(id) {
    const response = await fetch(`/chat/${channelId}/messages/${id}`, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (response.status === 404 || response.status === 403) {
        return null;
    }
    if (!response.ok) {
        throw new Error(`GET message ${id}: ${response.status}`);
    }
    const template = document.createElement('template');
    template.innerHTML = (await response.text()).trim();
    return template.content.querySelector('li');
}

// Keeps the list in message order, whatever order pushes and fetches finish in.
function place(li) {
    const id = messageId(li);
    const existing = document.getElementById(li.id);
    if (existing) {
        existing.replaceWith(li);
        return;
    }
    const after = Array.from(list.children).find(other => (messageId(other) ?? 0) > id);
    list.insertBefore(li, after || null);
    // The "no messages yet" note beside an empty list is wrong once one has arrived.
    list.parentElement?.querySelector(':scope > .empty-state')?.remove();
}

function belongsHere(push) {
    if (push.channelId !== channelId) {
        return false;
    }
    if (threadId === null) {
        return push.threadRootId === null || push.threadRootId === undefined;
    }
    return push.threadRootId === threadId || push.messageId === threadId;
}

async function show(push) {
    const followed = endInView();
    const li = await fragment(push.messageId);
    if (li) {
        place(li);
        // Someone reading the newest messages keeps seeing them; someone reading older ones is not moved.
        if (followed && push.kind === 'posted') {
            li.scrollIntoView({ block: 'nearest' });
        }
    } else {
        document.getElementById(`m-${push.messageId}`)?.remove();
    }
    if (String(push.authorId) !== me) {
        announce(push.kind === 'posted' ? words.posted(push.authorName, push.text) : push.kind === 'edited' ? words.edited(push.authorName) : words.deleted());
    }
}

// A reply changes its root's line in the channel view (the reply count), so the root is fetched again.
async function refreshRoot(push) {
    if (push.threadRootId && document.getElementById(`m-${push.threadRootId}`)) {
        const li = await fragment(push.threadRootId);
        if (li) {
            place(li);
        }
    }
}

function countUnread(push) {
    if (push.kind !== 'posted' || String(push.authorId) === me) {
        return;
    }
    document.querySelectorAll(`[data-chat-unread="${push.channelId}"]`).forEach(badge => {
        const counter = badge.querySelector('[data-chat-count]') || badge;
        const count = (parseInt(counter.textContent, 10) || 0) + 1;
        counter.textContent = String(count);
        badge.hidden = false;
        badge.closest('a')?.classList.add('has-unread');
    });
}

function markRead(id) {
    readUpTo = Math.max(readUpTo, id);
    if (document.visibilityState !== 'visible') {
        return;
    }
    window.clearTimeout(readTimer);
    readTimer = window.setTimeout(sendRead, 400);
}

async function sendRead() {
    const form = document.getElementById('chat-read-form');
    if (!form || readUpTo === 0) {
        return;
    }
    const upTo = form.querySelector('input[name="upTo"]');
    if (upTo) {
        upTo.value = String(readUpTo);
    }
    try {
        await fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin', redirect: 'manual' });
    } catch {
        // Read positions are a convenience; the next visit marks them again.
    }
}

function onPush(push) {
    queue = queue.then(async () => {
        if (list && push.channelId === channelId) {
            await (belongsHere(push) ? show(push) : refreshRoot(push));
            // Like opening the page, looking at the channel reads all of it, replies included.
            if (push.kind === 'posted') {
                markRead(push.messageId);
            }
        } else {
            countUnread(push);
        }
    }).catch(error => console.warn('chat push', error));
}

// After a reconnect, pushes sent meanwhile are lost: the page is fetched again and its messages merged in.
async function catchUp() {
    if (!list) {
        return;
    }
    const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok) {
        return;
    }
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.querySelector('ol.chat-messages[data-chat-channel]');
    if (!fresh) {
        return;
    }
    const followed = endInView();
    Array.from(fresh.children).forEach(li => {
        if (messageId(li) !== null) {
            place(document.importNode(li, true));
        }
    });
    if (followed) {
        list.lastElementChild?.scrollIntoView({ block: 'nearest' });
    }
}

function start() {
    if (typeof signalR === 'undefined') {
        return;
    }
    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/chat')
        .withAutomaticReconnect([0, 2000, 5000, 10000, 20000, 30000])
        .build();
    connection.on('me', id => { me = String(id); });
    connection.on('chat', onPush);
    connection.onreconnecting(() => { document.body.dataset.chatLive = 'reconnecting'; });
    connection.onreconnected(() => {
        document.body.dataset.chatLive = 'connected';
        queue = queue.then(catchUp).catch(error => console.warn('chat catch-up', error));
    });
    // Automatic reconnect gives up after its last delay; a page left open keeps trying, slowly.
    connection.onclose(() => {
        document.body.dataset.chatLive = 'closed';
        window.setTimeout(connect, 30000);
    });

    let attempt = 0;
    async function connect() {
        try {
            await connection.start();
            attempt = 0;
            // Messages posted between rendering the page and this connection (or while it was closed) were
            // pushed to nobody here: merge them in from a fresh copy of the page.
            queue = queue.then(catchUp).catch(error => console.warn('chat catch-up', error));
            // Lets tests (and styles) tell a live page from one still connecting.
            document.body.dataset.chatLive = 'connected';
        } catch {
            attempt += 1;
            window.setTimeout(connect, Math.min(30000, 1000 * 2 ** attempt));
        }
    }

    connect();
}

document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && readUpTo > 0) {
        markRead(readUpTo);
    }
});

if (list) {
    const ids = shownIds();
    readUpTo = 0;
    if (ids.length > 0) {
        // What the page was rendered with is marked read by the server; only later arrivals need posting.
        readUpTo = Math.max(...ids);
    }
}

if (list) {
    // Present before anything is announced: screen readers may ignore a live region added together with its text.
    liveRegion();
}

start();
