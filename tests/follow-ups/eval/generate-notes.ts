import { fakerZH_CN } from '@faker-js/faker';
import { half, picker, seededRandom, type EvalNote, type Pick } from './eval-note.js';
import * as v from './vocab.js';

// Generates labelled follow-up notes from the evaluation's own vocabularies and a real surname list
// (faker's zh_CN locale). Real notes are built the way reps write them: who, what was learnt, what
// next. Gamed notes are made by mechanisms (keyboard mash, digit runs, repetition, padding, shuffling,
// filler splicing), each keeping the parts a naive check looks for: a contact and a time word.

type Part = 0 | 1;

interface Vocab {
  surnames: string[];
  givenNames: string[];
  industries: v.Industry[];
  list: (name: keyof typeof lists) => string[];
}

const lists = {
  titles: v.titles,
  roles: v.roles,
  englishNames: v.englishNames,
  bracketRoles: v.bracketRoles,
  stored: v.storedContactNames,
  visitVerbs: v.visitVerbs,
  callVerbs: v.callVerbs,
  amounts: v.amounts,
  objections: v.objections,
  decisions: v.decisions,
  documents: v.documents,
  nextActions: v.nextActions,
  nextTimes: v.nextTimes,
  negativeOutcomes: v.negativeOutcomes,
  negativeReasons: v.negativeReasons,
  returnTimes: v.returnTimes,
  fillers: v.fillers,
  vagueTimes: v.vagueTimes,
  laughter: v.laughter,
  emoji: v.emoji,
  tooShort: v.tooShort,
};

function vocabFor(part: Part): Vocab {
  const surnames = (fakerZH_CN.definitions.person.last_name as { generic: string[] }).generic;
  const given = (fakerZH_CN.definitions.person.first_name as { generic: string[] }).generic;
  return {
    surnames: half(surnames, part),
    givenNames: half(given, part),
    industries: half(v.industries, part),
    list: (name) => (lists[name].length > 3 ? half(lists[name], part) : lists[name]),
  };
}

interface Person {
  text: string;
  kind: string;
  stored?: string;
}

function person(voc: Vocab, pick: Pick, random: () => number): Person {
  const surname = pick(voc.surnames);
  const kinds: (() => Person)[] = [
    () => ({ text: surname + pick(voc.list('titles')), kind: 'contact-title' }),
    () => ({ text: surname + pick(voc.givenNames), kind: 'contact-full-name' }),
    () => ({
      text: (random() < 0.5 ? '' : pick(voc.list('bracketRoles'))) + pick(voc.list('englishNames')),
      kind: 'contact-english',
    }),
    () => ({ text: (random() < 0.5 ? '小' : '老') + surname, kind: 'contact-xiao-lao' }),
    () => ({ text: `${surname}${pick(voc.givenNames)}（${pick(voc.list('bracketRoles'))}）`, kind: 'contact-bracket' }),
    () => ({ text: pick(voc.list('roles')), kind: 'contact-role' }),
    () => {
      const name = pick(voc.list('stored'));
      return { text: name, kind: 'contact-stored', stored: name };
    },
  ];
  return pick(kinds)();
}

function substance(voc: Vocab, pick: Pick, random: () => number): string {
  const industry = pick(voc.industries);
  const product = pick(industry.products);
  const parts: (() => string)[] = [
    () => `对方${pick(industry.needs)}，对${product}有兴趣`,
    () => `聊了${product}，${pick(voc.list('amounts'))}`,
    () => `他们${pick(voc.list('objections'))}，我解释了${product}的实施方式`,
    () => `${pick(voc.list('decisions'))}，${pick(voc.list('amounts'))}`,
    () => `发了${pick(voc.list('documents'))}，对方重点问了${product}的交付周期`,
    () => `了解到${pick(industry.needs)}，${pick(voc.list('objections'))}`,
  ];
  const first = pick(parts);
  const second = pick(parts);
  return random() < 0.35 && second !== first ? `${first()}，${second()}` : first();
}

// Substance that names nobody (a decision like "老板已经同意立项" would name the boss).
function impersonal(voc: Vocab, pick: Pick, random: () => number): string {
  for (;;) {
    const text = substance(voc, pick, random);
    if (!/老板|负责人|总监|经理/.test(text)) return text;
  }
}

function nextStep(voc: Vocab, pick: Pick): string {
  const time = pick(voc.list('nextTimes'));
  const action = pick(voc.list('nextActions'));
  return pick([`${time}${action}`, `约了${time}${action}`, `我${time}${action}`, `${action}，时间定在${time}`]);
}

function realNote(voc: Vocab, pick: Pick, random: () => number): EvalNote {
  const who = person(voc, pick, random);
  const context = who.stored ? { knownContactNames: [`${pick(voc.surnames)}${who.stored}`, who.stored] } : undefined;
  const when = pick(['今天', '上午', '下午', '昨天', '刚才', '']);
  const shapes: [string, string][] = [
    [
      'real-visit',
      `${when}${pick(voc.list('visitVerbs'))}${who.text}，${substance(voc, pick, random)}，${nextStep(voc, pick)}。`,
    ],
    [
      'real-call',
      `${when}${pick(voc.list('callVerbs'))}${who.text}，${substance(voc, pick, random)}。${nextStep(voc, pick)}`,
    ],
    ['real-reply', `${who.text}回复：${substance(voc, pick, random)}；下一步${nextStep(voc, pick)}`],
    [
      'real-negative',
      `${who.text}明确${pick(voc.list('negativeOutcomes'))}，原因是${pick(voc.list('negativeReasons'))}，` +
        `${pick(voc.list('returnTimes'))}再联系`,
    ],
  ];
  const [shape, text] = pick(shapes);
  return { text, valid: true, class: random() < 0.5 ? shape : who.kind, ...(context ? { context } : {}) };
}

function formSuppliedNote(voc: Vocab, pick: Pick, random: () => number): EvalNote {
  const who = person(voc, pick, random);
  if (random() < 0.5) {
    const text = `${pick(['他', '她', '对方'])}说${substance(voc, pick, random)}，${nextStep(voc, pick)}。`;
    return { text, valid: true, class: 'contact-picked', context: { contactName: who.text } };
  }
  const text = `${pick(voc.list('callVerbs'))}${who.text}，${substance(voc, pick, random)}。`;
  const known = who.stored ? { knownContactNames: [who.stored] } : {};
  return { text, valid: true, class: 'next-in-form', context: { nextStep: nextStep(voc, pick), ...known } };
}

const keyboardRows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'poiuytrewq', 'lkjhgfdsa'];

function mash(pick: Pick, random: () => number): string {
  const row = pick(keyboardRows);
  const start = Math.floor(random() * 3);
  const run = row.slice(start, start + 5 + Math.floor(random() * 5));
  return random() < 0.5 ? run : run + ' ' + pick(keyboardRows).slice(0, 6 + Math.floor(random() * 4));
}

function randomLetters(random: () => number, length: number, alphabet: string): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

function shuffle(text: string, random: () => number): string {
  const chars = [...text];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

const commonChars =
  '的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开';

function gamedNote(voc: Vocab, pick: Pick, random: () => number): EvalNote {
  const who = person(voc, pick, random).text;
  const time = pick([...voc.list('vagueTimes'), ...voc.list('nextTimes')]);
  const filler = pick(voc.list('fillers'));
  const makers: [string, () => string][] = [
    ['filler', () => (random() < 0.5 ? filler : `${filler}，${pick(voc.list('fillers'))}`)],
    ['filler-inside-sentence', () => `${who}说${filler}，${time}再联系看看情况怎么样吧`],
    ['filler-inside-sentence', () => `和${who}沟通了一下，${filler}，${time}再说`],
    ['keyboard-mash', () => `${mash(pick, random)} ${who} ${time}`],
    [
      'keyboard-mash',
      () => `${who}${randomLetters(random, 8 + Math.floor(random() * 8), 'abcdefghijklmnopqrstuvwxyz')}${time}联系`,
    ],
    ['digits', () => `${pick(['1', '6', '8', '0'] as const).repeat(6 + Math.floor(random() * 8))} ${who} ${time}`],
    ['digits', () => `${randomLetters(random, 10, '0123456789')}${who}${time}再跟进`],
    ['repetition', () => Array.from({ length: 3 + Math.floor(random() * 4) }, () => `${who} ${time}`).join(' ')],
    ['repetition', () => `${who}${filler}${filler}${filler}${filler}`],
    ['emoji-laughter', () => `${who}${filler}${pick(voc.list('laughter'))}${pick(voc.list('emoji'))}`],
    ['emoji-laughter', () => `${filler}${pick(voc.list('emoji'))}${who}${time}${pick(voc.list('laughter'))}`],
    ['too-short', () => pick(voc.list('tooShort'))],
    ['spliced-filler', () => `${who}，${filler}，${pick(voc.list('fillers'))}，${time}，${pick(voc.list('fillers'))}`],
    ['char-salad', () => `${who}${randomLetters(random, 14 + Math.floor(random() * 10), commonChars)}${time}`],
  ];
  const [cls, make] = pick(makers);
  return { text: make(), valid: false, class: cls };
}

function thinRealNote(voc: Vocab, pick: Pick, random: () => number): EvalNote {
  const who = person(voc, pick, random).text;
  const makers: [string, () => string][] = [
    [
      'no-contact',
      () =>
        `${pick(['今天', '上午', ''])}${pick(['去了一趟', '电话沟通', '聊了'])}，${impersonal(voc, pick, random)}，${nextStep(voc, pick)}`,
    ],
    ['no-next-step', () => `${pick(voc.list('callVerbs'))}${who}，${substance(voc, pick, random)}。`],
    ['shuffled', () => shuffle(realNote(voc, pick, random).text, random)],
  ];
  const [cls, make] = pick(makers);
  return { text: make(), valid: false, class: cls };
}

function copiedNote(voc: Vocab, pick: Pick, random: () => number): EvalNote {
  const original = realNote(voc, pick, random);
  return {
    ...original,
    valid: false,
    class: 'copy-of-previous',
    context: { ...original.context, previousContent: original.text },
  };
}

/**
 * `count` generated notes of one part (0 = development, 1 = held-out vocabulary), half valid and
 * half invalid, reproducible from `seed`.
 */
export function generateNotes(part: Part, seed: number, count: number): EvalNote[] {
  const random = seededRandom(seed);
  const pick = picker(random);
  const voc = vocabFor(part);
  const notes: EvalNote[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (i % 2 === 0) notes.push(roll < 0.82 ? realNote(voc, pick, random) : formSuppliedNote(voc, pick, random));
    else if (roll < 0.66) notes.push(gamedNote(voc, pick, random));
    else if (roll < 0.93) notes.push(thinRealNote(voc, pick, random));
    else notes.push(copiedNote(voc, pick, random));
  }
  return notes;
}
