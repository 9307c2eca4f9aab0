import type { LivenessErrorReason } from '../errors.js';
import type { UpstreamMessages } from './upstream.js';

export type LivenessLanguage = 'zh-CN' | 'en';

/** Every text the element shows or announces. `{code}`-style placeholders are filled in by `format`. */
export interface LivenessStrings {
  codeLabel: string;
  loading: string;
  /** Announced once per new code; `{digits}` is the code spelled digit by digit. */
  codeAnnouncement: string;
  readAloud: string;
  retry: string;
  noEndpoint: string;
  start: string;
  stop: string;
  retake: string;
  confirm: string;
  /** While the camera opens and the person is asked for permission. */
  preparing: string;
  /** Announced at the start of the countdown; `{seconds}`. */
  countdown: string;
  recording: string;
  /** `{elapsed}` and `{total}` in seconds. */
  timer: string;
  /** `{seconds}` left. */
  remaining: string;
  progressLabel: string;
  /** Shown when stop is pressed too early; `{seconds}` is min-duration. */
  tooShort: string;
  processing: string;
  review: string;
  done: string;
  previewLabel: string;
  levelLabel: string;
  /** Announced once when sending starts. */
  sending: string;
  /** `{percent}` sent. */
  uploading: string;
  uploadLabel: string;
  cancel: string;
  uploadCancelled: string;
  sendAgain: string;
  verified: string;
  notVerified: string;
  reviewLabel: string;
  /** Shown when the upstream code has no sentence of its own; `{code}` is the upstream code. */
  upstreamFallback: string;
  /** Appended to an upstream message for support: `{code}` is the upstream code (the request id is not shown). */
  errorReference: string;
  errors: Record<LivenessErrorReason, string>;
  /**
   * Sentences for upstream codes. The built-in tables (two languages, ~130 codes) are a lazy chunk, loaded with
   * `loadUpstreamMessages()` when an upstream failure is first shown: most sessions never need them.
   */
  upstream: UpstreamMessages;
}

export const en: LivenessStrings = {
  codeLabel: 'Your code',
  loading: 'Getting your code…',
  codeAnnouncement: 'Your code is {digits}.',
  readAloud: 'Read the digits aloud, slowly and clearly.',
  retry: 'Try again',
  noEndpoint: 'No code source is configured.',
  start: 'Start recording',
  stop: 'Stop',
  retake: 'Record again',
  confirm: 'Use this video',
  preparing: 'Opening the camera…',
  countdown: 'Recording starts in {seconds} seconds. Get ready to read the digits.',
  recording: 'Recording. Read the digits aloud now.',
  timer: '{elapsed} s / {total} s',
  remaining: '{seconds} s left',
  progressLabel: 'Recording time',
  tooShort: 'Keep reading: you can stop after {seconds} seconds.',
  processing: 'Preparing your video…',
  review: 'Check your video, then use it or record again.',
  done: 'Thank you. Your video is ready.',
  previewLabel: 'Camera preview',
  levelLabel: 'Microphone level',
  sending: 'Sending your video…',
  uploading: 'Sending your video… {percent}%',
  uploadLabel: 'Upload progress',
  cancel: 'Cancel',
  uploadCancelled: 'Sending was cancelled. Your video is kept: send it again or record a new one.',
  sendAgain: 'Send again',
  verified: 'Verified. Thank you.',
  notVerified: 'We could not verify that it is you. Please record again, facing the camera in good light.',
  reviewLabel: 'Your recording',
  upstreamFallback: 'The identity check service refused the request ({code}). Please try again later.',
  errorReference: 'Error {code}',
  errors: {
    network: 'We could not reach the server. Check your connection and try again.',
    timeout: 'The server took too long to answer. Please try again.',
    http: 'The server answered with an error. Please try again.',
    'bad-response': 'The server sent an answer we could not understand. Please try again.',
    upstream: 'The identity check service refused the request. Please try again later.',
    'permission-denied':
      'Camera or microphone access was blocked. Allow both in your browser’s site settings (the icon next to the address), then try again.',
    'no-device': 'No camera or microphone was found. Connect one and try again.',
    'device-busy': 'The camera or microphone is in use by another app. Close that app and try again.',
    'insecure-context': 'The camera only works on a secure (https) page. Please open this page over https.',
    unsupported: 'This browser cannot record video. Please use a current version of Chrome, Edge, Firefox or Safari.',
    'recording-failed': 'The recording failed. Please try again.',
    interrupted: 'The recording was interrupted. Please try again.',
    'too-large': 'The video came out too large. Please try again with a shorter recording.',
    'no-speech':
      'We could not hear you read the digits. Check that your microphone is on and not muted, then read the digits aloud, clearly and close to the device.',
    rejected: 'The identity check did not pass. Please record again.',
  },
  upstream: {},
};

export const zhCN: LivenessStrings = {
  codeLabel: '您的验证码',
  loading: '正在获取验证码…',
  codeAnnouncement: '您的验证码是 {digits}。',
  readAloud: '请大声、缓慢、清晰地读出这些数字。',
  retry: '重试',
  noEndpoint: '尚未配置验证码来源。',
  start: '开始录制',
  stop: '停止',
  retake: '重新录制',
  confirm: '使用此视频',
  preparing: '正在打开摄像头…',
  countdown: '{seconds} 秒后开始录制，请准备读出数字。',
  recording: '正在录制，请现在大声读出数字。',
  timer: '{elapsed} 秒 / {total} 秒',
  remaining: '剩余 {seconds} 秒',
  progressLabel: '录制时间',
  tooShort: '请继续读：{seconds} 秒后才能停止。',
  processing: '正在处理视频…',
  review: '请检查视频，然后使用它或重新录制。',
  done: '谢谢，您的视频已准备好。',
  previewLabel: '摄像头预览',
  levelLabel: '麦克风音量',
  sending: '正在发送视频…',
  uploading: '正在发送视频… {percent}%',
  uploadLabel: '上传进度',
  cancel: '取消',
  uploadCancelled: '已取消发送。视频仍保留：可以重新发送，或重新录制。',
  sendAgain: '重新发送',
  verified: '核验通过，谢谢。',
  notVerified: '未能核验是您本人。请在光线充足处正对摄像头重新录制。',
  reviewLabel: '您的录像',
  upstreamFallback: '身份核验服务拒绝了请求（{code}），请稍后再试。',
  errorReference: '错误码 {code}',
  errors: {
    network: '无法连接服务器，请检查网络后重试。',
    timeout: '服务器响应超时，请重试。',
    http: '服务器返回了错误，请重试。',
    'bad-response': '服务器返回了无法识别的内容，请重试。',
    upstream: '身份核验服务拒绝了请求，请稍后再试。',
    'permission-denied': '摄像头或麦克风权限被拒绝。请在浏览器的网站设置（地址栏旁的图标）中允许两者，然后重试。',
    'no-device': '没有找到摄像头或麦克风，请连接后重试。',
    'device-busy': '摄像头或麦克风正被其他应用占用，请关闭该应用后重试。',
    'insecure-context': '摄像头只能在安全（https）页面中使用，请通过 https 打开本页面。',
    unsupported: '此浏览器无法录制视频，请使用最新版的 Chrome、Edge、Firefox 或 Safari。',
    'recording-failed': '录制失败，请重试。',
    interrupted: '录制被中断，请重试。',
    'too-large': '视频文件过大，请缩短录制时间后重试。',
    'no-speech': '没有听到您读出数字。请确认麦克风已打开且未静音，然后靠近设备，大声清晰地读出数字。',
    rejected: '身份核验未通过，请重新录制。',
  },
  upstream: {},
};

const builtIn: Record<LivenessLanguage, LivenessStrings> = { 'zh-CN': zhCN, en };

/** Chinese in any form gets zh-CN; everything else English, the lingua franca of the fallback. */
export function resolveLanguage(tag: string | null | undefined): LivenessLanguage {
  return /^zh\b/i.test(tag ?? '') ? 'zh-CN' : 'en';
}

let upstreamTables: Record<LivenessLanguage, UpstreamMessages> | undefined;

/** Loads the built-in upstream sentences once; `stringsFor` includes them from then on. */
export async function loadUpstreamMessages(): Promise<void> {
  if (upstreamTables) return;
  const tables = await import('./upstream.js');
  upstreamTables = { en: tables.upstreamEn, 'zh-CN': tables.upstreamZhCN };
}

export function upstreamMessagesLoaded(): boolean {
  return upstreamTables !== undefined;
}

export function stringsFor(language: LivenessLanguage): LivenessStrings {
  const strings = builtIn[language];
  return upstreamTables ? { ...strings, upstream: upstreamTables[language] } : strings;
}

/** What a page may override: any text, any reason's message, any upstream code's sentence. */
export type LivenessStringsOverride = Partial<Omit<LivenessStrings, 'errors' | 'upstream'>> & {
  errors?: Partial<LivenessStrings['errors']>;
  upstream?: UpstreamMessages;
};

/** The built-in texts with a page's overrides laid over them, one level deep for the two tables. */
export function mergeStrings(base: LivenessStrings, override: LivenessStringsOverride | undefined): LivenessStrings {
  if (!override) return base;
  return {
    ...base,
    ...override,
    errors: { ...base.errors, ...override.errors },
    upstream: { ...base.upstream, ...override.upstream },
  };
}

export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** The sentence a person reads for a failure: the upstream code's own sentence when there is one. */
export function describeError(
  reason: LivenessErrorReason,
  upstreamCode: string | undefined,
  strings: LivenessStrings,
): string {
  if ((reason !== 'upstream' && reason !== 'rejected') || upstreamCode === undefined) return strings.errors[reason];
  // Own keys only: an upstream code such as `constructor` or `__proto__` must not find Object.prototype's members.
  const sentence = Object.hasOwn(strings.upstream, upstreamCode) ? strings.upstream[upstreamCode] : undefined;
  return sentence ?? format(strings.upstreamFallback, { code: upstreamCode });
}
