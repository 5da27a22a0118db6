/** 监听 / 耳语 / 强插 strings. */
export const superviseZh = {
  supervise: {
    column: '班长监控',
    modes: { listen: '监听', whisper: '耳语', barge: '强插' },
    help: {
      listen: '呼叫您的话机，接听后可听到坐席与客户双方，双方听不到您',
      whisper: '呼叫您的话机，接听后只有坐席能听到您，客户听不到',
      barge: '呼叫您的话机，接听后坐席与客户都能听到您',
    },
    calling: '正在呼叫您的话机（{{seat}}），接听后开始；通话中按 4 监听、5 耳语、6 强插',
    stop: '结束{{mode}}',
  },
};
