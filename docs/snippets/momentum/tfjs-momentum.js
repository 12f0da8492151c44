const tf = require('@tensorflow/tfjs');
const { sgd } = require('@descent/tfjs');

// Steps until ½(x² + 100y²) falls below 1e-6, from (-4.5, 1.2), for one optimizer.
function stepsToConverge(optimizer) {
  const point = tf.variable(tf.tensor1d([-4.5, 1.2]));
  const loss = () => point.square().mul(tf.tensor1d([0.5, 50])).sum();
  for (let step = 1; step <= 5000; step++) {
    const value = optimizer.minimize(loss, true, [point]);
    if (value.dataSync()[0] < 1e-6) return step;
    value.dispose();
  }
  return 'more than 5000';
}

console.log('SGD        ', stepsToConverge(sgd({ learningRate: 0.01 })));
console.log('momentum   ', stepsToConverge(sgd({ learningRate: 0.01, momentum: 0.9 })));
console.log('Nesterov   ', stepsToConverge(sgd({ learningRate: 0.01, momentum: 0.9, nesterov: true })));
