/** Listen / whisper / barge strings. */
export const superviseEn = {
  supervise: {
    column: 'Supervise',
    modes: { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' },
    help: {
      listen: 'Calls your phone; once answered you hear the agent and the caller, neither hears you',
      whisper: 'Calls your phone; once answered only the agent hears you, not the caller',
      barge: 'Calls your phone; once answered both the agent and the caller hear you',
    },
    calling: 'Calling your phone ({{seat}}); answer to start. On the call press 4 listen, 5 whisper, 6 barge',
    stop: 'End {{mode}}',
  },
};
