//! Train the reference MLP on the full MNIST training set and report the time per epoch.
//!
//! `cargo run --release -p solution-31-mnist --example bench [-- EPOCHS]`
//!
//! The last line has the format `bench/mnist_numpy.py` also prints, so `bench/mnist.sh`
//! can compare them:
//! `mnist: epochs=E hidden=H batch=B seconds_per_epoch=S test_accuracy=A`.
//! Seconds per epoch are the mean training time of an epoch, without loading the data
//! and without the test-set evaluation after each epoch.

fn main() {
    let epochs = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("EPOCHS must be a whole number"))
        .unwrap_or(10);
    let data = datasets::mnist::load().expect("MNIST loads (datasets/data/mnist)");
    let cfg = mnist::TrainConfig {
        epochs,
        progress: false,
        ..mnist::TrainConfig::default()
    };
    let (_, history) = mnist::train(&data, &cfg).expect("a valid configuration");
    for e in 0..epochs {
        println!(
            "epoch {:>2}: loss {:.4}  train accuracy {:.4}  test accuracy {:.4}  {:.3} s",
            e + 1,
            history.train_loss[e],
            history.train_accuracy[e],
            history.test_accuracy[e],
            history.seconds[e]
        );
    }
    let per_epoch = history.seconds.iter().sum::<f64>() / epochs as f64;
    // The fastest epoch: a steadier figure than the mean on a machine shared with other work.
    let best = history
        .seconds
        .iter()
        .cloned()
        .fold(f64::INFINITY, f64::min);
    println!("fastest epoch: {best:.3} s");
    println!(
        "mnist: epochs={} hidden={} batch={} seconds_per_epoch={:.3} test_accuracy={:.4}",
        epochs,
        cfg.hidden,
        cfg.batch_size,
        per_epoch,
        history.test_accuracy[epochs - 1]
    );
}
